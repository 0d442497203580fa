// module.cpp — ricciflow._ricciflow, the Python extension module (pybind11):
// `ricci analyze` and the k-NN graphs of geom/ on NumPy arrays, returning
// the command line's tables as dicts of arrays (flow/analysis_tables.h).
// python/ricciflow/__init__.py wraps it; docs/python.md shows it in use.
//
// Options are the command line's, as keywords (--k-frac is k_frac). Each
// keyword arrives as any Python object and python/keywords.h checks its type
// (TypeError naming it); its value is checked by the same library functions
// as the command line's, and an error of the library is raised as
// ValueError with the command line's message, its subject put in terms of
// the keyword that sets it (bin/options.h's option_for_subject: "k_frac: ...").
// Layers come as a list of arrays (python/ricciflow/arguments.py turns a
// 3-D stack or torch tensors into one). Running out of memory is
// ricciflow.OutOfMemoryError. The computation runs without the GIL, on
// `threads` workers (0: all cores).
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "bin/options.h"
#include "bin/version.h"
#include "data/error.h"
#include "data/format.h"
#include "data/parallel.h"
#include "flow/analysis.h"
#include "flow/analysis_tables.h"
#include "geom/radius_graph.h"
#include "python/arrays.h"
#include "python/keywords.h"

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
  return printable_text(option.empty() ? error.what() : keyword_of(option) + ": " + error.detail());
}

// The layers, viewed (or converted) one by one; `arrays` keeps them alive.
std::vector<MatrixViewF> layer_views(const py::list& layers, std::vector<LayerArray>& arrays) {
  for (std::size_t l = 0; l < layers.size(); ++l) arrays.push_back(layer_array(layers[l], "layer " + std::to_string(l)));
  std::vector<MatrixViewF> views;
  for (const LayerArray& a : arrays) views.push_back(a.view);
  return views;
}

bool is_auto(const py::object& k) { return py::isinstance<py::str>(k) && k.cast<std::string>() == "auto"; }

// Running out of memory: ricciflow.OutOfMemoryError, a MemoryError that is
// also a ValueError (the arguments asked for more than there is), with the
// command line's message.
struct OutOfMemory : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The layer table with curvature_total and curvature_prev as Integer
// columns under Forman and augmented Forman curvature, whose values are
// whole numbers (4 - deg(i) - deg(j), plus 3 per triangle): the CSV file
// writes them as integers and pandas reads them as int64, and so does the
// module (column_dict). Ollivier's are fractions: Number columns.
ColumnTable layer_table_for_python(const Analysis& analysis) {
  ColumnTable table = layer_table(analysis);
  if (analysis.curvature != Curvature::Forman && analysis.curvature != Curvature::AugmentedForman) return table;
  for (Column& column : table.columns)
    if (column.name == "curvature_total" || column.name == "curvature_prev") {
      bool whole = true;
      for (double v : column.numbers) whole = whole && (std::isnan(v) || v == std::floor(v));
      if (whole) column.type = ColumnType::Integer;
    }
  return table;
}

// The keywords of analyze(), checked as `ricci analyze` checks its options
// (bin/analyze_command.cpp), with the keywords' names in the messages; each
// is any Python object until python/keywords.h has checked its type.
struct AnalyzeKeywords {
  py::object k, k_frac, graph, ties, curvature, ollivier_alpha, convention, include_input, no_input,
      within_components, global_forman, local, local_unreachable, labels, threads;
};

AnalysisOptions analysis_options(const AnalyzeKeywords& w) {
  AnalysisOptions a;
  const GraphSpec graph = parse_graph_spec(text(w.graph, "graph", "'union', 'mutual' or 'radius:R' (a str)"));
  a.geometry.graph = graph.kind;
  a.geometry.radius = graph.radius;
  a.geometry.curvature = parse_curvature(
      text(w.curvature, "curvature", "'forman', 'augmented-forman', 'approx-ollivier' or 'ollivier' (a str)"));
  if (!w.ollivier_alpha.is_none()) {
    const double alpha = real_number(w.ollivier_alpha, "ollivier_alpha");
    if (a.geometry.curvature != Curvature::Ollivier) throw usage_error("ollivier_alpha applies to curvature ollivier");
    a.geometry.ollivier_alpha = alpha;
    if (!(a.geometry.ollivier_alpha >= 0.0 && a.geometry.ollivier_alpha <= 1.0))
      throw usage_error("ollivier_alpha: expected a number from " + format_double(0.0) + " to " +
                        format_double(1.0) + ", got '" + format_double(a.geometry.ollivier_alpha) + "'");
  }
  a.geometry.convention = parse_convention(text(w.convention, "convention", "'standard' or 'paper-r' (a str)"));
  const std::string ties_allowed = "'index', 'all' or None";
  if (!w.ties.is_none()) text(w.ties, "ties", ties_allowed);
  if (graph.radius > 0.0 && !w.ties.is_none())
    throw usage_error("ties does not apply to a radius graph, which keeps every point within the radius");
  a.geometry.ties = !w.ties.is_none() ? parse_ties(text(w.ties, "ties", ties_allowed))
                    : a.geometry.convention == Convention::PaperR ? Ties::All
                                                                  : Ties::Index;
  a.geometry.within_components = flag(w.within_components, "within_components");
  a.geometry.threads = thread_count(w.threads);
  a.include_input = flag(w.include_input, "include_input");
  a.has_input = !flag(w.no_input, "no_input");
  a.local = flag(w.local, "local");
  a.global_forman = flag(w.global_forman, "global_forman");
  if (!w.local_unreachable.is_none()) {
    const std::string rule = text(w.local_unreachable, "local_unreachable", "'undefined', 'skip-layer' or None");
    if (!a.local) throw usage_error("local_unreachable applies to local");
    a.unreachable = parse_unreachable_rule(rule);
  }
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
    for (int k : ks_from_fractions(k_fractions(w.k_frac), n)) ks.push_back(k);
  if (w.k.is_none() && w.k_frac.is_none()) ks = {10, 30, 50};
  return ks;
}

py::dict analyze(const py::handle& given_layers, const AnalyzeKeywords& keywords) {
  if (!py::isinstance<py::list>(given_layers) && !py::isinstance<py::tuple>(given_layers))
    throw py::type_error("layers: expected a list of 2-D arrays (one per layer, the input first), got " +
                         describe(given_layers));
  const py::list layers(py::reinterpret_borrow<py::object>(given_layers));
  if (layers.size() < 2) throw usage_error("layers: give at least two arrays, one per layer (the input first)");
  std::vector<LayerArray> arrays;
  const std::vector<MatrixViewF> views = layer_views(layers, arrays);
  AnalysisOptions options = analysis_options(keywords);
  check_geometry_options(options.geometry);
  check_coefficient_options(options.coefficients());
  check_layer_matrices(views);
  std::vector<int> ks = analysis_ks(keywords, views[0].rows(), options.geometry);
  const bool k_auto = is_auto(keywords.k);
  const std::string k_max = options.geometry.radius > 0.0 ? "R = " + format_double(options.geometry.radius)
                            : k_auto                     ? std::string("k auto")
                                     : "k up to " + std::to_string(*std::max_element(ks.begin(), ks.end()));
  Analysis analysis;
  try {
    py::gil_scoped_release release;  // no Python object is touched in here
    if (k_auto) ks = auto_k_grid(connecting_k(views, options.geometry), views[0].rows());
    analysis = analyze_layers(views, ks, options);
  } catch (const std::bad_alloc&) {
    throw OutOfMemory("out of memory analysing " + std::to_string(views.size()) + " layers of " +
                      std::to_string(views[0].rows()) + " points at " + k_max + " (k, k_frac, graph, local)");
  }
  py::dict result;
  result["layers"] = column_dict(layer_table_for_python(analysis));
  result["coefficients"] = column_dict(coefficient_table(analysis));
  if (options.local) {
    result["layer_coefficients"] = column_dict(layer_coefficient_table(analysis));
    result["local_coefficients"] = column_dict(local_coefficient_table(analysis));
    result["local_values"] = column_dict(local_value_table(analysis));
  }
  return result;
}

// The keywords of knn_graph(), any Python objects until checked.
struct GraphKeywords {
  py::object k, graph, ties, curvature, ollivier_alpha, threads;
};

// The graph of one point cloud, its edges {i, j} (i < j, increasing) and,
// unless curvature is None, each edge's curvature.
py::dict knn_graph_of(const py::handle& points, const GraphKeywords& w) {
  const LayerArray array = layer_array(points, "X");
  GeometryOptions geometry;
  const GraphSpec spec = parse_graph_spec(text(w.graph, "graph", "'union', 'mutual' or 'radius:R' (a str)"));
  geometry.graph = spec.kind;
  geometry.radius = spec.radius;
  geometry.threads = thread_count(w.threads);
  const bool with_curvature = !w.curvature.is_none();
  if (with_curvature)
    geometry.curvature = parse_curvature(text(
        w.curvature, "curvature", "'forman', 'augmented-forman', 'approx-ollivier', 'ollivier' or None (a str)"));
  const double ollivier_alpha = real_number(w.ollivier_alpha, "ollivier_alpha");
  if (ollivier_alpha != 0.0 && geometry.curvature != Curvature::Ollivier)
    throw usage_error("ollivier_alpha applies to curvature ollivier");
  if (!(ollivier_alpha >= 0.0 && ollivier_alpha <= 1.0))
    throw usage_error("ollivier_alpha: expected a number from " + format_double(0.0) + " to " + format_double(1.0) +
                      ", got '" + format_double(ollivier_alpha) + "'");
  geometry.ollivier_alpha = ollivier_alpha;
  if (!w.ties.is_none()) text(w.ties, "ties", "'index', 'all' or None");
  if (spec.radius > 0.0 && !w.ties.is_none())
    throw usage_error("ties does not apply to a radius graph, which keeps every point within the radius");
  if (!w.ties.is_none()) geometry.ties = parse_ties(w.ties.cast<std::string>());
  if (spec.radius > 0.0 && !w.k.is_none())
    throw usage_error("k does not apply to a radius graph, whose radius sets the neighbours");
  if (spec.radius == 0.0 && w.k.is_none())
    throw usage_error("k: expected the number of neighbours, a whole number (or graph='radius:R')");
  const int k_value = spec.radius > 0.0 ? 0 : static_cast<int>(whole_number(w.k, "k", 1, 1 << 30));
  check_geometry_options(geometry);

  Graph g;
  std::vector<double> edge_values;
  try {
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
  } catch (const std::bad_alloc&) {
    throw OutOfMemory("out of memory building the graph of " + std::to_string(array.view.rows()) + " points at " +
                      (spec.radius > 0.0 ? "R = " + format_double(spec.radius) : "k = " + std::to_string(k_value)) +
                      " (k, graph, curvature)");
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
  m.attr("__version__") = kVersion;  // bin/version.h, as `ricci --version`
  // A MemoryError that is also a ValueError: the arguments asked for too much.
  static py::handle out_of_memory =
      PyErr_NewExceptionWithDoc("ricciflow.OutOfMemoryError",
                                "The analysis needs more memory than there is: give a smaller k or fewer points.",
                                py::make_tuple(py::handle(PyExc_MemoryError), py::handle(PyExc_ValueError)).ptr(),
                                nullptr);
  m.attr("OutOfMemoryError") = out_of_memory;
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const Error& e) {
      PyErr_SetString(PyExc_ValueError, python_message(e).c_str());
    } catch (const OutOfMemory& e) {
      PyErr_SetString(out_of_memory.ptr(), e.what());
    } catch (const std::bad_alloc&) {
      PyErr_SetString(out_of_memory.ptr(), "out of memory");
    }
  });
  // The keywords are any Python object here: python/keywords.h checks each
  // (a TypeError or ValueError naming it) rather than pybind11's casts.
  m.def(
      "analyze",
      [](const py::object& layers, const py::object& k, const py::object& k_frac, const py::object& graph,
         const py::object& ties, const py::object& curvature, const py::object& ollivier_alpha,
         const py::object& convention, const py::object& include_input, const py::object& no_input,
         const py::object& within_components, const py::object& global_forman, const py::object& local,
         const py::object& local_unreachable, const py::object& labels, const py::object& threads) {
        return analyze(layers, AnalyzeKeywords{k, k_frac, graph, ties, curvature, ollivier_alpha, convention,
                                               include_input, no_input, within_components, global_forman, local,
                                               local_unreachable, labels, threads});
      },
      py::arg("layers"), py::kw_only(), py::arg("k") = py::none(), py::arg("k_frac") = py::none(),
      py::arg("graph") = "union", py::arg("ties") = py::none(), py::arg("curvature") = "forman",
      py::arg("ollivier_alpha") = py::none(), py::arg("convention") = "standard", py::arg("include_input") = false,
      py::arg("no_input") = false, py::arg("within_components") = false, py::arg("global_forman") = false,
      py::arg("local") = false, py::arg("local_unreachable") = py::none(), py::arg("labels") = py::none(),
      py::arg("threads") = 0);
  m.def(
      "knn_graph",
      [](const py::object& points, const py::object& k, const py::object& graph, const py::object& ties,
         const py::object& curvature, const py::object& ollivier_alpha, const py::object& threads) {
        return knn_graph_of(points, GraphKeywords{k, graph, ties, curvature, ollivier_alpha, threads});
      },
      py::arg("X"), py::arg("k") = py::none(), py::kw_only(), py::arg("graph") = "union", py::arg("ties") = py::none(),
      py::arg("curvature") = "forman", py::arg("ollivier_alpha") = 0.0, py::arg("threads") = 0);
  m.def(
      "_layer_address",
      [](const py::handle& array) {
        const LayerArray layer = layer_array(array, "layer");
        return reinterpret_cast<std::uintptr_t>(layer.view.data());
      },
      "The address of the values the library reads for this layer (the array's own data when no copy is made).");
}
