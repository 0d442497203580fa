// analysis_options.cpp — the analysis flags shared by analyze and train.
#include "bin/analysis_options.h"

#include "data/error.h"

namespace ricci {

// A function-local table: analyze_command.cpp's option table, built at
// static initialisation, reads it, and statics of other files may not exist yet.
const std::vector<OptionSpec>& analysis_option_specs() {
  static const std::vector<OptionSpec> specs = {
    {"graph", "KIND", "union (default) or mutual k-NN graph, or radius:R, the radius graph\n"
                      "|x_i - x_j| <= R (instead of --k; --ties does not apply)"},
    {"ties", "RULE", "index (default: exactly k neighbours, ties to the smaller index) or all\n"
                     "(every point at the k-th distance too, as cccd::nng)"},
    {"curvature", "NAME", "forman (default), augmented-forman, approx-ollivier or ollivier (exact)"},
    {"ollivier-alpha", "A", "laziness of --curvature ollivier: mass A stays on the point (default 0)"},
    {"convention", "NAME", "standard (default) or paper-r (the authors' R code; implies --ties all)"},
    {"include-input", "", "rho_k also pairs the input transition (g_1 - g_0, Ric_0): not the paper's Eq. 8"},
    {"within-components", "", "sum geodesics within components on disconnected graphs (not the paper's rule)"},
    {"global-forman", "", "rho_k from the Forman totals whatever --curvature (Hehl et al.'s global coefficient)"},
    {"local", "", "also write the layer and local coefficients of Hehl et al."},
    {"local-unreachable", "RULE", "a point's local coefficient when a neighbour becomes unreachable:\n"
                                  "undefined (default, as Hehl et al.) or skip-layer (drop those layers)"},
  };
  return specs;
}

Ties tie_rule(const Options& options, Convention convention) {
  if (!options.has("ties")) return convention == Convention::PaperR ? Ties::All : Ties::Index;
  return parse_ties(options.text("ties", ""));
}

AnalysisOptions analysis_options_from(const Options& options) {
  AnalysisOptions a;
  const GraphSpec graph = parse_graph_spec(options.text("graph", "union"));
  a.geometry.graph = graph.kind;
  a.geometry.radius = graph.radius;
  a.geometry.curvature = parse_curvature(options.text("curvature", "forman"));
  a.geometry.ollivier_alpha = options.real("ollivier-alpha", 0.0, 0.0, 1.0);
  if (options.has("ollivier-alpha") && a.geometry.curvature != Curvature::Ollivier)
    throw usage_error("--ollivier-alpha applies to --curvature ollivier");
  a.geometry.convention = parse_convention(options.text("convention", "standard"));
  if (graph.radius > 0.0 && options.has("ties"))
    throw usage_error("--ties does not apply to a radius graph, which keeps every point within the radius");
  a.geometry.ties = tie_rule(options, a.geometry.convention);
  a.geometry.within_components = options.flag("within-components");
  a.include_input = options.flag("include-input");
  a.local = options.flag("local");
  a.unreachable = parse_unreachable_rule(options.text("local-unreachable", "undefined"));
  if (options.has("local-unreachable") && !a.local) throw usage_error("--local-unreachable applies to --local");
  a.global_forman = options.flag("global-forman");
  return a;
}

}  // namespace ricci
