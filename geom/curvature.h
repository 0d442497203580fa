// curvature.h — discrete Ricci curvature of the edges and nodes of a graph.
//
// Definition 3 of docs/method.md. On an undirected graph with degrees deg(i):
//
//   Forman-Ricci curvature of an edge (Forman 2003, as used by Baptista et
//   al., "Deep Learning as Ricci Flow", 2024, and Weber, Saucan and Jost 2017
//   for unweighted networks):
//       F(i, j) = 4 - deg(i) - deg(j)
//   augmented Forman-Ricci curvature (Samal et al., Sci. Rep. 8:8650, 2018),
//   counting the t(i, j) triangles on the edge:
//       F#(i, j) = 4 - deg(i) - deg(j) + 3 t(i, j)
//   approximate Ollivier-Ricci curvature (Tian, Lubberts and Weber,
//   "Curvature-based clustering on graphs", arXiv 2307.10155, 2023; JMLR 26,
//   2025): the mean of Jost and Liu's lower bound (Discrete Comput. Geom. 51,
//   2014, Thm 3) and the upper bound t / max(deg i, deg j),
//       kappa(i, j) = 1/2 (kappa_low + kappa_up),  kappa_up = t / (d_i v d_j),
//       kappa_low = -(1 - 1/d_i - 1/d_j - t / (d_i ^ d_j))_+
//                   -(1 - 1/d_i - 1/d_j - t / (d_i v d_j))_+ + t / (d_i v d_j)
//   (v = max, ^ = min, (x)_+ = max(x, 0));
//   exact Ollivier-Ricci curvature kappa(i, j) = 1 - W1(mu_i, mu_j), mu_i the
//   (optionally lazy) uniform walk from i: ollivier.h.
//
// Scalar curvature of a node: S(i) = sum over neighbours j of kappa(i, j).
// Total curvature: Ric = sum over edges of kappa(i, j) = 1/2 sum_i S(i).
//
// Per-edge values are vectors aligned with the slots of the graph (graph.h):
// edge {i, j} appears at both of its slots with the same value. Forman values
// are exact integers. Directed graphs are a usage error.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "geom/graph.h"

namespace ricci {

enum class Curvature { Forman, AugmentedForman, ApproxOllivier, Ollivier };

// "forman", "augmented-forman", "approx-ollivier", "ollivier", and back; an
// unknown name is a usage error listing the known ones.
const char* curvature_name(Curvature curvature);
Curvature parse_curvature(const std::string& name);

// F(i, j) per slot.
std::vector<std::int64_t> forman_curvature(const Graph& graph);
// S(i) = sum over neighbours j of F(i, j) = 4 deg(i) - deg(i)^2 - sum_j deg(j).
std::vector<std::int64_t> forman_node_curvature(const Graph& graph);
// Ric = sum over edges of F(i, j) = 4 |E| - sum_i deg(i)^2.
std::int64_t forman_total(const Graph& graph);

// t(i, j) per slot: common neighbours of i and j, by merging their sorted
// rows (each edge once). O(sum over edges of deg(i) + deg(j)), spread over
// `threads` workers; integer, so the same on any number of threads. The curvatures below that count triangles take the
// same `threads`.
std::vector<std::uint32_t> edge_triangles(const Graph& graph, int threads = 1);
// The number of triangles of the graph (sum of t over slots / 6).
std::uint64_t triangle_count(const Graph& graph);

// F#(i, j) per slot, and its total.
std::vector<std::int64_t> augmented_forman_curvature(const Graph& graph, int threads = 1);
std::int64_t augmented_forman_total(const Graph& graph, int threads = 1);

// The approximate Ollivier-Ricci curvature per slot.
std::vector<double> approx_ollivier_curvature(const Graph& graph, int threads = 1);

// Any of the four, as doubles: per slot, per node (S), and the total Ric
// (summed over edges in slot order, so the same on every run).
// `ollivier_alpha` is the laziness of the exact Ollivier-Ricci curvature
// (ollivier.h) and is ignored by the others.
std::vector<double> edge_curvature(const Graph& graph, Curvature curvature, int threads = 1,
                                   double ollivier_alpha = 0.0);
std::vector<double> node_curvature(const Graph& graph, Curvature curvature, int threads = 1,
                                   double ollivier_alpha = 0.0);
double curvature_total(const Graph& graph, Curvature curvature, int threads = 1, double ollivier_alpha = 0.0);

// From per-slot values already computed: S(i), the sum over i's slots, and
// Ric, the sum over the slots with i < j in slot order (the sums above).
std::vector<double> node_sums(const Graph& graph, const std::vector<double>& per_slot);
double edge_total(const Graph& graph, const std::vector<double>& per_slot);

}  // namespace ricci
