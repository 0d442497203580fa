// geom_bench.cpp — times geom/'s per-layer pipeline on synthetic layer data.
//
// Not part of the library or the tests (tests never time anything). For each
// layer: exact k-NN lists, the union graph, its components, the geodesic sum
// g and the Forman total — what `ricci analyze` needs per layer and k. The
// layers imitate a trained MLP's activations: a 10-D latent sample mapped to
// the input dimension through a sigmoid, then 50-wide ReLU layers with He
// initialisation. Scenarios (ISSUE #4):
//
//   small   n = 2,000:  one 784-D input layer and five 50-D layers
//   large   n = 20,000: six 50-D layers
//
// After one untimed warm-up pass over layer 0, prints one line per layer
// (with the k-NN queries the float margin could not settle: by the double
// pass, and exhaustively) and the totals with the process's peak resident
// memory (getrusage ru_maxrss; run one scenario per process to read it per
// scenario). --write DIR also saves DIR/layer_<l>.npy (float32, the exact
// input) and DIR/ours.csv (the per-layer results), which bench/peer_geom.py
// reads to time scikit-learn + SciPy on the same files and compare.
//
// --read DIR times DIR/layer_0.npy, layer_1.npy, ... instead (any layer files,
// e.g. the activations `ricci train` writes).
//
//   build/geom-bench [--scenario small|large | --read DIR] [--k 30] [--threads T] [--seed S] [--write DIR]
#include <sys/resource.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "data/blas.h"
#include "data/error.h"
#include "data/io/npy.h"
#include "data/parallel.h"
#include "data/random.h"
#include "geom/bfs.h"
#include "geom/curvature.h"
#include "geom/geodesic.h"
#include "geom/graph.h"
#include "geom/knn.h"

using namespace ricci;

namespace {

bool file_exists(const std::string& path) { return std::ifstream(path).good(); }

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// User plus system CPU seconds of the whole process so far (all threads):
// on a shared machine it says what the work cost when wall time is noisy.
double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec + 1e-6 * (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec);
}

double peak_rss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024.0;  // ru_maxrss is in kilobytes on Linux
}

// A (n x d_in) times a fresh Gaussian (d_in x d_out) matrix of standard
// deviation `scale`, plus `bias`, through `activation`.
template <class Activation>
MatrixF dense_layer(const MatrixF& in, std::size_t d_out, double scale, double bias, Rng& rng,
                    Activation activation) {
  MatrixF weights(in.cols(), d_out);
  for (float& w : weights.values()) w = static_cast<float>(scale * rng.normal());
  MatrixF out(in.rows(), d_out);
  matmul(in, false, weights, false, out);
  for (float& v : out.values()) v = activation(v + static_cast<float>(bias));
  return out;
}

// The layer sequence: input of dimension `input_dim`, then `hidden` ReLU
// layers of width 50.
std::vector<MatrixF> synthetic_layers(std::size_t n, std::size_t input_dim, std::size_t hidden, Rng& rng) {
  MatrixF latent(n, 10);
  for (float& v : latent.values()) v = static_cast<float>(rng.normal());
  std::vector<MatrixF> layers;
  layers.push_back(dense_layer(latent, input_dim, 1.0 / std::sqrt(10.0), 0.0, rng,
                               [](float v) { return 1.0f / (1.0f + std::exp(-v)); }));
  for (std::size_t l = 0; l < hidden; ++l) {
    const MatrixF& previous = layers.back();
    layers.push_back(dense_layer(previous, 50, std::sqrt(2.0 / previous.cols()), 0.05, rng,
                                 [](float v) { return v > 0.0f ? v : 0.0f; }));
  }
  return layers;
}

struct LayerResult {
  std::size_t dims = 0, edges = 0;
  KnnSettled settled;
  GeodesicSum geodesic;
  std::int64_t forman = 0;
  double knn_s = 0, graph_s = 0, geodesic_s = 0, forman_s = 0;
  double total() const { return knn_s + graph_s + geodesic_s + forman_s; }
};

LayerResult analyse_layer(const MatrixF& x, int k, int threads) {
  LayerResult r;
  r.dims = x.cols();
  auto start = std::chrono::steady_clock::now();
  const KnnLists lists = exact_knn(x, k, threads);
  r.knn_s = seconds_since(start);
  r.settled = lists.settled;

  start = std::chrono::steady_clock::now();
  const Graph graph = knn_graph(lists, GraphKind::Union);
  r.edges = graph.edge_count();
  r.graph_s = seconds_since(start);

  start = std::chrono::steady_clock::now();
  r.geodesic = geodesic_sum(graph, threads);  // components first, then g
  r.geodesic_s = seconds_since(start);

  start = std::chrono::steady_clock::now();
  r.forman = forman_total(graph);
  r.forman_s = seconds_since(start);
  return r;
}

int run(int argc, char** argv) {
  std::string scenario = "small", write_dir, read_dir;
  int k = 30, threads = hardware_threads();
  std::uint64_t seed = 1;
  for (int a = 1; a < argc; ++a) {
    const std::string flag = argv[a];
    if (a + 1 >= argc) throw usage_error(flag + ": expected a value");
    const std::string value = argv[++a];
    if (flag == "--scenario") scenario = value;
    else if (flag == "--k") k = std::stoi(value);
    else if (flag == "--threads") threads = std::stoi(value);
    else if (flag == "--seed") seed = std::stoull(value);
    else if (flag == "--write") write_dir = value;
    else if (flag == "--read") read_dir = value;
    else throw usage_error("unknown flag " + flag);
  }
  // OpenBLAS single-threaded, its idle pool shut down: its workers would
  // otherwise spin for a while and steal the cores from the timed code.
  prepare_blas();
  std::vector<MatrixF> layers;
  if (!read_dir.empty()) {
    scenario = read_dir;
    for (std::size_t l = 0; file_exists(read_dir + "/layer_" + std::to_string(l) + ".npy"); ++l)
      layers.push_back(read_npy_matrix(read_dir + "/layer_" + std::to_string(l) + ".npy"));
    if (layers.empty()) throw usage_error("--read: no " + read_dir + "/layer_0.npy");
  } else if (scenario == "small" || scenario == "large") {
    Rng rng(seed);
    layers = scenario == "small" ? synthetic_layers(2000, 784, 5, rng) : synthetic_layers(20000, 50, 5, rng);
  } else {
    throw usage_error("--scenario: expected small or large");
  }
  const std::size_t n = layers[0].rows();
  std::printf("geom-bench: scenario %s, n = %zu, k = %d, threads = %d, BLAS %s\n", scenario.c_str(), n, k,
              threads, blas_description().c_str());
  std::printf("%5s %5s %8s %5s %14s %9s %8s %8s %8s %8s %8s %6s %6s\n", "layer", "dims", "edges", "comp",
              "geodesic_sum", "forman", "knn_s", "graph_s", "geo_s", "forman_s", "total_s", "double", "exhst");
  // One untimed warm-up pass (page faults).
  analyse_layer(layers[0], k, threads);
  std::string csv = "k,layer,nodes,dims,edges,components,geodesic_sum,forman_total\n";
  double total = 0.0;
  const double cpu_start = cpu_seconds();
  for (std::size_t l = 0; l < layers.size(); ++l) {
    const LayerResult r = analyse_layer(layers[l], k, threads);
    total += r.total();
    const std::string g = r.geodesic.finite ? std::to_string(r.geodesic.sum) : "inf";
    std::printf("%5zu %5zu %8zu %5zu %14s %9lld %8.3f %8.3f %8.3f %8.3f %8.3f %6zu %6zu\n", l, r.dims, r.edges,
                r.geodesic.components, g.c_str(), static_cast<long long>(r.forman), r.knn_s, r.graph_s,
                r.geodesic_s, r.forman_s, r.total(), r.settled.double_margin, r.settled.exhaustive);
    csv += std::to_string(k) + "," + std::to_string(l) + "," + std::to_string(layers[l].rows()) + "," + std::to_string(r.dims) +
           "," + std::to_string(r.edges) + "," + std::to_string(r.geodesic.components) + "," + g + "," +
           std::to_string(r.forman) + "\n";
    if (!write_dir.empty()) write_npy(write_dir + "/layer_" + std::to_string(l) + ".npy", layers[l]);
  }
  const double cpu = cpu_seconds() - cpu_start;
  std::printf("total %.3f s for %zu layers (%.3f s CPU), peak RSS %.1f MB\n", total, layers.size(), cpu,
              peak_rss_mb());
  if (!write_dir.empty()) {
    std::ofstream(write_dir + "/ours.csv") << csv;
    std::printf("wrote %s/layer_*.npy and %s/ours.csv\n", write_dir.c_str(), write_dir.c_str());
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const Error& e) {
    std::fprintf(stderr, "geom-bench: %s\n", e.what());
    return e.exit_code();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "geom-bench: %s\n", e.what());
    return 2;
  }
}
