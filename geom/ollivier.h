// ollivier.h — exact Ollivier-Ricci curvature of the edges of a graph.
//
// Definition 3 of docs/method.md (Ollivier, "Ricci curvature of Markov chains
// on metric spaces", J. Funct. Anal. 256, 2009; the lazy walk of Lin, Lu and
// Yau, Tohoku Math. J. 63, 2011, in the convention of GraphRicciCurvature,
// Ni et al. 2019). On an undirected graph with hop distance gamma, each node
// i spreads a unit of mass over itself and its neighbours,
//
//   mu_i = alpha delta_i + (1 - alpha) / deg(i) sum over u ~ i of delta_u,
//
// and the curvature of an edge {i, j} is
//
//   kappa(i, j) = 1 - W1(mu_i, mu_j),
//   W1(mu, nu) = min over couplings pi of mu and nu of sum_{u,v} pi(u, v) gamma(u, v)
//
// (the cost of moving mu onto nu along shortest paths; gamma(i, j) = 1 on an
// edge, so nothing is divided). alpha = 0, the walk to a uniform neighbour,
// is the choice of Hehl, von Renesse and Weber (2025) and the default.
//
// How. Every mass point lies within one hop of i or of j, so gamma between
// the two supports is 0, 1, 2 or 3, and the problems are small. Per edge,
// with q alpha = p an exact fraction (below) and masses scaled by
// q deg(i) deg(j) to integers:
//   1. mass common to mu_i and mu_j stays where it is (W1 depends on
//      mu_i - mu_j only, by Kantorovich-Rubinstein duality): shared
//      neighbours, and i and j themselves, keep min(mu_i, mu_j);
//   2. the sources (net mass out) lie in i's closed neighbourhood, the sinks
//      (net mass in) in j's; a sink is at distance 1 from a source when it is
//      a neighbour (found by marking the sinks and scanning each source's
//      row), at distance 2 when they share a neighbour (each sink marks its
//      neighbours in a bit set; a source ORs the sets of its neighbours),
//      else at 3;
//   3. transport.h solves the problem exactly in integers; the distance-2
//      sets are built only when the distance-1 arcs cannot carry all mass.
// kappa = (T - C) / T for total mass T and transport cost C, integers, so
// the only rounding is that one division. Cost per edge O(sum of the degrees
// of the two neighbourhoods, times the words of a sink set) plus the solver's,
// against O(d^2) cost entries and a general LP for ot.emd. Edges are spread
// over `threads` workers, each edge computed once and written to both of its
// slots: the same values on any number of threads.
#pragma once

#include <cstdint>
#include <vector>

#include "geom/graph.h"

namespace ricci {

// alpha as the exact fraction numerator / denominator.
struct Laziness {
  std::int64_t numerator = 0, denominator = 1;
};

// The fraction p / q with the smallest q <= 1,000,000 whose double is alpha
// (0.5 -> 1/2, 0.1 -> 1/10; any decimal of up to six places has one). alpha
// outside [0, 1], or with no such fraction, is a usage error naming the
// Ollivier alpha.
Laziness laziness_fraction(double alpha);

// kappa(i, j) per slot (graph.h), for laziness alpha. Directed graphs are a
// usage error; so are degrees too large for exact 64-bit masses
// (3 q deg^2 >= 2^62, with q alpha's denominator).
std::vector<double> ollivier_curvature(const Graph& graph, double alpha = 0.0, int threads = 1);

// kappa(i, j) of one edge {i, j} (a usage error when it is not an edge).
double ollivier_edge_curvature(const Graph& graph, std::uint32_t i, std::uint32_t j, double alpha = 0.0);

// kappa of every entry i -> j of k-NN lists, aligned with lists.neighbors:
// the curvature of the edge {i, j} in the lists' union graph (knn_graph,
// definition 1), each edge computed once. For the Ricci-flow regulariser
// (docs/method.md, definition 16), which penalises the k-NN pairs of a
// small set of anchors.
std::vector<double> knn_pair_ollivier(const KnnLists& lists, double alpha = 0.0, int threads = 1);

}  // namespace ricci
