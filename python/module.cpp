// module.cpp — ricciflow._ricciflow, the Python extension module (pybind11):
// `ricci analyze` and the k-NN graphs of geom/ on NumPy arrays, returning
// the command line's tables as dicts of arrays (flow/analysis_tables.h).
// python/ricciflow/__init__.py wraps it; docs/python.md shows it in use.
//
// Options are the command line's, as keywords (--k-frac is k_frac), checked
// by the same library functions; an error of the library is raised as
// ValueError with the command line's message, its subject put in terms of
// the keyword that sets it (bin/options.h's option_for_subject: "k_frac: ...").
// The computation runs without the GIL, on `threads` workers (0: all cores).
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <string>
#include <vector>

#include "bin/options.h"
#include "data/error.h"
#include "data/format.h"
#include "data/parallel.h"
#include "flow/analysis.h"
#include "flow/analysis_tables.h"
#include "geom/radius_graph.h"
#include "python/arrays.h"

namespace py = pybind11;

namespace ricci {

namespace {

// The keyword of an option: "--k-frac" -> "k_frac".
std::string keyword_of(const std::string& option) {
  std::string keyword = option.substr(2);
  std::replace(keyword.begin(), keyword.end(), '-', '_');
  return keyword;
}

// An error as the module raises it: error_message() with keywords for options.
std::string python_message(const Error& error) {
  const std::string option = option_for_subject(error.subject());
  return option.empty() ? error.what() : keyword_of(option) + ": " + error.detail();
}

int thread_count(int threads) {
  if (threads < 0 || threads > 1024)
    throw usage_error("threads: expected a whole number from 0 (all cores) to 1024, got " + std::to_string(threads));
  return threads == 0 ? hardware_threads() : threads;
}

// The layers, viewed (or converted) one by one; `arrays` keeps them alive.
std::vector<MatrixViewF> layer_views(const py::sequence& layers, std::vector<LayerArray>& arrays) {
  for (std::size_t l = 0; l < layers.size(); ++l) arrays.push_back(layer_array(layers[l], "layer " + std::to_string(l)));
  std::vector<MatrixViewF> views;
  for (const LayerArray& a : arrays) views.push_back(a.view);
  return views;
}

// A Python int or anything that converts to one exactly (numpy.int64), not a bool.
// (A NumPy array is a sequence and is never taken for one number.)
bool is_whole(const py::handle& value) {
  return PyIndex_Check(value.ptr()) && !py::isinstance<py::bool_>(value) && !py::isinstance<py::sequence>(value);
}

// k: None, a whole number, a sequence of them (a list, a NumPy array), or "auto".
std::vector<int> k_values(const py::object& k) {
  std::vector<int> ks;
  const auto whole = [](const py::handle& item) {
    if (!is_whole(item)) throw usage_error("k: expected whole numbers or 'auto', got " + std::string(py::repr(item)));
    const long long value = py::int_(py::reinterpret_borrow<py::object>(item)).cast<long long>();
    if (value < 1 || value > (1 << 30))
      throw usage_error("k: expected a whole number from 1 to " + std::to_string(1 << 30) + ", got '" +
                        std::to_string(value) + "'");
    return static_cast<int>(value);
  };
  if (py::isinstance<py::sequence>(k) && !py::isinstance<py::str>(k)) {
    const py::list items(k);  // holds the items (a NumPy array makes them as it is read)
    for (const py::handle item : items) ks.push_back(whole(item));
    return ks;
  }
  return {whole(k)};
}

std::vector<double> fractions(const py::object& k_frac) {
  if (py::isinstance<py::float_>(k_frac) || py::isinstance<py::int_>(k_frac)) return {k_frac.cast<double>()};
  return k_frac.cast<std::vector<double>>();
}

bool is_auto(const py::object& k) { return py::isinstance<py::str>(k) && k.cast<std::string>() == "auto"; }

// The keywords of analyze(), checked as `ricci analyze` checks its options
// (bin/analyze_command.cpp), with the keywords' names in the messages.
struct AnalyzeKeywords {
  py::object k, k_frac, labels, ties, ollivier_alpha, local_unreachable;
  std::string graph, curvature, convention;
  bool include_input, no_input, within_components, global_forman, local;
  int threads;
};

AnalysisOptions analysis_options(const AnalyzeKeywords& w) {
  AnalysisOptions a;
  const GraphSpec graph = parse_graph_spec(w.graph);
  a.geometry.graph = graph.kind;
  a.geometry.radius = graph.radius;
  a.geometry.curvature = parse_curvature(w.curvature);
  if (!w.ollivier_alpha.is_none()) {
    if (a.geometry.curvature != Curvature::Ollivier) throw usage_error("ollivier_alpha applies to curvature ollivier");
    a.geometry.ollivier_alpha = w.ollivier_alpha.cast<double>();
    if (!(a.geometry.ollivier_alpha >= 0.0 && a.geometry.ollivier_alpha <= 1.0))
      throw usage_error("ollivier_alpha: expected a number from " + format_double(0.0) + " to " +
                        format_double(1.0) + ", got '" + format_double(a.geometry.ollivier_alpha) + "'");
  }
  a.geometry.convention = parse_convention(w.convention);
  if (graph.radius > 0.0 && !w.ties.is_none())
    throw usage_error("ties does not apply to a radius graph, which keeps every point within the radius");
  a.geometry.ties = !w.ties.is_none() ? parse_ties(w.ties.cast<std::string>())
                    : a.geometry.convention == Convention::PaperR ? Ties::All
                                                                  : Ties::Index;
  a.geometry.within_components = w.within_components;
  a.geometry.threads = thread_count(w.threads);
  a.include_input = w.include_input;
  a.has_input = !w.no_input;
  a.local = w.local;
  if (!w.local_unreachable.is_none()) {
    if (!w.local) throw usage_error("local_unreachable applies to local");
    a.unreachable = parse_unreachable_rule(w.local_unreachable.cast<std::string>());
  }
  a.global_forman = w.global_forman;
  if (!w.labels.is_none()) a.labels = label_vector(w.labels);  // refused under paper-r by analyze_layers
  return a;
}

// The ks of the analysis, as bin/analyze_command.cpp's parse_ks; none for a
// radius graph, and none yet for k="auto" (auto_ks(), without the GIL).
std::vector<int> analysis_ks(const AnalyzeKeywords& w, std::size_t n, const GeometryOptions& geometry) {
  if (geometry.radius > 0.0) {
    if (!w.k.is_none() || !w.k_frac.is_none())
      throw usage_error("k and k_frac do not apply to a radius graph, whose radius sets the neighbours");
    return {};
  }
  if (is_auto(w.k)) {
    if (!w.k_frac.is_none()) throw usage_error("give k auto or k_frac, not both");
    return {};
  }
  std::vector<int> ks = w.k.is_none() ? std::vector<int>{} : k_values(w.k);
  if (!w.k_frac.is_none())
    for (int k : ks_from_fractions(fractions(w.k_frac), n)) ks.push_back(k);
  if (w.k.is_none() && w.k_frac.is_none()) ks = {10, 30, 50};
  return ks;
}

py::dict analyze(const py::sequence& layers, const AnalyzeKeywords& keywords) {
  if (py::isinstance<py::str>(layers)) throw usage_error("layers: expected a list of arrays, one per layer");
  if (layers.size() < 2) throw usage_error("layers: give at least two arrays, one per layer (the input first)");
  std::vector<LayerArray> arrays;
  const std::vector<MatrixViewF> views = layer_views(layers, arrays);
  AnalysisOptions options = analysis_options(keywords);
  check_geometry_options(options.geometry);
  check_coefficient_options(options.coefficients());
  check_layer_matrices(views);
  std::vector<int> ks = analysis_ks(keywords, views[0].rows(), options.geometry);
  const bool k_auto = is_auto(keywords.k);
  Analysis analysis;
  {
    py::gil_scoped_release release;  // no Python object is touched in here
    if (k_auto) ks = auto_k_grid(connecting_k(views, options.geometry), views[0].rows());
    analysis = analyze_layers(views, ks, options);
  }
  py::dict result;
  result["layers"] = column_dict(layer_table(analysis));
  result["coefficients"] = column_dict(coefficient_table(analysis));
  if (options.local) {
    result["layer_coefficients"] = column_dict(layer_coefficient_table(analysis));
    result["local_coefficients"] = column_dict(local_coefficient_table(analysis));
    result["local_values"] = column_dict(local_value_table(analysis));
  }
  return result;
}

// The graph of one point cloud, its edges {i, j} (i < j, increasing) and,
// unless curvature is None, each edge's curvature.
py::dict knn_graph_of(const py::handle& points, const py::object& k, const std::string& graph_text,
                      const py::object& ties, const py::object& curvature, double ollivier_alpha, int threads) {
  const LayerArray array = layer_array(points, "X");
  GeometryOptions geometry;
  const GraphSpec spec = parse_graph_spec(graph_text);
  geometry.graph = spec.kind;
  geometry.radius = spec.radius;
  geometry.threads = thread_count(threads);
  if (!curvature.is_none()) geometry.curvature = parse_curvature(curvature.cast<std::string>());
  if (ollivier_alpha != 0.0 && geometry.curvature != Curvature::Ollivier)
    throw usage_error("ollivier_alpha applies to curvature ollivier");
  geometry.ollivier_alpha = ollivier_alpha;
  if (spec.radius > 0.0 && !ties.is_none())
    throw usage_error("ties does not apply to a radius graph, which keeps every point within the radius");
  if (!ties.is_none()) geometry.ties = parse_ties(ties.cast<std::string>());
  if (spec.radius > 0.0 && !k.is_none())
    throw usage_error("k does not apply to a radius graph, whose radius sets the neighbours");
  if (spec.radius == 0.0 && !is_whole(k))
    throw usage_error("k: expected the number of neighbours, a whole number (or graph='radius:R')");
  const int k_value = spec.radius > 0.0 ? 0 : k_values(k).at(0);
  check_geometry_options(geometry);

  const bool with_curvature = !curvature.is_none();
  Graph g;
  std::vector<double> edge_values;
  {
    py::gil_scoped_release release;  // no Python object is touched in here
    check_layer_matrices({array.view}, {"X"});
    if (spec.radius > 0.0) {
      g = radius_graph(array.view, spec.radius, geometry.threads);
    } else {
      check_layers({array.view}, {k_value}, {"X"});
      g = knn_graph(exact_knn(array.view, k_value, geometry.threads, geometry.ties), geometry.graph);
    }
    if (with_curvature)
      edge_values = edge_curvature(g, geometry.curvature, geometry.threads, geometry.ollivier_alpha);
  }
  const std::vector<std::pair<std::uint32_t, std::uint32_t>> edges = edge_list(g);
  py::array_t<std::int64_t> i(edges.size()), j(edges.size());
  py::array_t<double> values(with_curvature ? edges.size() : 0);
  for (std::size_t e = 0; e < edges.size(); ++e) {
    i.mutable_data()[e] = edges[e].first;
    j.mutable_data()[e] = edges[e].second;
    if (with_curvature) values.mutable_data()[e] = edge_values[find_slot(g, edges[e].first, edges[e].second)];
  }
  py::dict result;
  result["i"] = i;
  result["j"] = j;
  if (with_curvature) result["curvature"] = values;
  return result;
}

}  // namespace

}  // namespace ricci

PYBIND11_MODULE(_ricciflow, m) {
  using namespace ricci;
  m.doc() = "ricciflow's library on NumPy arrays (use the ricciflow package, python/ricciflow/__init__.py).";
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const Error& e) {
      PyErr_SetString(PyExc_ValueError, python_message(e).c_str());
    }
  });
  m.def(
      "analyze",
      [](const py::sequence& layers, const py::object& k, const py::object& k_frac, const std::string& graph,
         const py::object& ties, const std::string& curvature, const py::object& ollivier_alpha,
         const std::string& convention, bool include_input, bool no_input, bool within_components,
         bool global_forman, bool local, const py::object& local_unreachable, const py::object& labels,
         int threads) {
        return analyze(layers, AnalyzeKeywords{k, k_frac, labels, ties, ollivier_alpha, local_unreachable, graph,
                                               curvature, convention, include_input, no_input, within_components,
                                               global_forman, local, threads});
      },
      py::arg("layers"), py::kw_only(), py::arg("k") = py::none(), py::arg("k_frac") = py::none(),
      py::arg("graph") = "union", py::arg("ties") = py::none(), py::arg("curvature") = "forman",
      py::arg("ollivier_alpha") = py::none(), py::arg("convention") = "standard", py::arg("include_input") = false,
      py::arg("no_input") = false, py::arg("within_components") = false, py::arg("global_forman") = false,
      py::arg("local") = false, py::arg("local_unreachable") = py::none(), py::arg("labels") = py::none(),
      py::arg("threads") = 0);
  m.def("knn_graph", &knn_graph_of, py::arg("X"), py::arg("k") = py::none(), py::kw_only(),
        py::arg("graph") = "union", py::arg("ties") = py::none(), py::arg("curvature") = "forman",
        py::arg("ollivier_alpha") = 0.0, py::arg("threads") = 0);
  m.def(
      "_layer_address",
      [](const py::handle& array) {
        const LayerArray layer = layer_array(array, "layer");
        return reinterpret_cast<std::uintptr_t>(layer.view.data());
      },
      "The address of the values the library reads for this layer (the array's own data when no copy is made).");
}
