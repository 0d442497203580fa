// connecting_k.h — the smallest k at which a k-NN graph is connected.
//
// The paper's grid of k starts "at the smallest k that connects every
// layer": below it some geodesic sum is infinite (docs/method.md,
// definition 2). Searching again for every candidate k would cost a k-NN
// search each; instead one search at a generous k_max is enough. An entry
// of row i of the lists enters the graph at the smallest k whose list holds
// it, its rank:
//
//   Ties::Index  the entry's place in the row, 1 to k_max;
//   Ties::All    the place of the first entry of the row at its distance
//                (an entry tied with the k-th enters with it).
//
// In the union graph the edge {i, j} is present from the smaller of the
// ranks of j in row i and of i in row j; in the mutual graph from the
// larger (both must be present). Adding the edges in order of rank to a
// union-find structure, the first rank after which one component is left is
// the answer. Cost O(m alpha(n)) for m list entries, after an O(m) bucket
// sort by rank; O(n + m) memory.
#pragma once

#include <cstddef>

#include "geom/graph.h"
#include "geom/knn.h"

namespace ricci {

// The smallest k (1 to lists.k) at which the `kind` graph (Union or Mutual)
// of the k-NN lists under lists.ties is connected, or 0 when it is not
// connected even at lists.k (the caller searches again with a larger k).
// A graph of one point is connected at k = 1.
std::size_t smallest_connecting_k(const KnnLists& lists, GraphKind kind);

}  // namespace ricci
