// partition.h — how a partition of the nodes cuts a graph: the edges inside
// each part, the volumes, Newman's modularity and the normalized cut.
//
// Definition 8 of docs/method.md. For an undirected graph with m edges and a
// partition of its nodes into parts c (the classes of the points), L_c the
// edges with both ends in c, vol(c) the sum of the degrees in c and
// cut(c) = vol(c) - 2 L_c the edges with one end in c:
//
//   modularity  Q = sum over c of [ L_c / m - (vol(c) / 2m)^2 ]
//               (Newman, Phys. Rev. E 69, 026113, 2004; networkx's
//               community.modularity with resolution 1)
//   normalized cut  Ncut = 1/2 sum over c of cut(c) / vol(c)
//               For two parts A, B this is 1/2 (cut/vol(A) + cut/vol(B)),
//               half of Shi and Malik's normalized cut (IEEE PAMI 22, 2000)
//               and exactly what Hehl et al.'s code computes (0.5 times
//               networkx's normalized_cut_size), so that it lies in [0, 1].
//
// Q is undefined (NaN) on a graph without edges, Ncut when a part has
// volume 0 (only isolated nodes). Counts are exact integers; cost O(n + m).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "geom/graph.h"

namespace ricci {

struct PartitionCut {
  std::uint64_t edges = 0;              // m
  std::uint64_t cut_edges = 0;          // edges whose ends lie in different parts
  std::vector<std::uint64_t> inside;    // L_c, per part
  std::vector<std::uint64_t> volume;    // vol(c), per part
  // With edge values: their sums over the edges inside a part and over the
  // cut edges, each edge {i, j} once (at its slot in row min(i, j)), added
  // in slot order.
  double inside_sum = 0.0, cut_sum = 0.0;
};

// part[i] in 0..parts-1 for every node (a usage error otherwise, or for a
// directed graph). edge_values, when given, holds one value per slot of
// the graph (an edge's two slots the same), summed into inside_sum and
// cut_sum in the same pass.
PartitionCut partition_cut(const Graph& graph, const std::vector<std::uint32_t>& part, std::size_t parts,
                           const std::vector<double>* edge_values = nullptr);

double modularity(const PartitionCut& cut);
double normalized_cut(const PartitionCut& cut);

}  // namespace ricci
