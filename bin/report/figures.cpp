// figures.cpp — the report's figures, one function each.
#include "bin/report/figures.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <stdexcept>

#include "bin/report/sections.h"

namespace ricci {

namespace {


// A file-name-safe version of a data set's name (letters, digits and '-'
// kept, the rest '_'), at most 40 characters.
std::string slug(const std::string& text) {
  std::string out;
  for (char c : text) out += std::isalnum(static_cast<unsigned char>(c)) || c == '-' ? c : '_';
  return out.substr(0, 40);
}

// A number for a figure's text, with the minus sign (U+2212) set as in the tick labels.
std::string figure_number(double v) {
  const std::string text = fixed(v);
  return text[0] == '-' ? "−" + text.substr(1) : text;
}

std::string at_k(const std::string& dataset, int k) {
  return short_dataset_name(dataset) + ", k = " + std::to_string(k);
}

std::vector<std::string> layer_names(std::size_t layers) {
  std::vector<std::string> names;
  for (std::size_t l = 0; l < layers; ++l) names.push_back(std::to_string(l));
  return names;
}

Figure eta_by_layer_figure(const std::string& dataset, int k, const LayerDistributions& layers) {
  Figure figure("Geodesic change into layer l, " + at_k(dataset, k) + " (well-trained models)", "layer l",
                "g_{l} − g_{l−1}");
  figure.add_boxes(layer_names(layers.eta.size()), layers.eta);
  figure.add_reference_y(0);
  return figure;
}

Figure curvature_by_layer_figure(const std::string& dataset, int k, const LayerDistributions& layers) {
  Figure figure("Total curvature by layer, " + at_k(dataset, k) + " (well-trained models)", "layer l", "Ric_{l}");
  figure.add_boxes(layer_names(layers.curvature.size()), layers.curvature);
  return figure;
}

// The pooled pairs of the well-trained models: colour by layer l (viridis,
// the first layer dark), marker shape by seed, and the least-squares line.
Figure eta_against_curvature_figure(const Sweep& sweep, const ModelGroup& dataset, const DatasetResult& result) {
  Figure figure("η_{l} against Ric_{l}, " + at_k(result.dataset, result.k) + " (well-trained models)", "Ric_{l}",
                "η_{l} = g_{l+1} − g_{l}");
  const std::vector<ModelPairs> models = model_pairs(sweep, dataset, result.k);
  std::set<std::size_t> layers;
  std::set<std::uint64_t> seeds;
  for (const ModelPairs& m : models) {
    layers.insert(m.pairs.layer.begin(), m.pairs.layer.end());
    seeds.insert(sweep.models[m.model].seed);
  }
  const std::size_t first = layers.empty() ? 0 : *layers.begin(), last = layers.empty() ? 0 : *layers.rbegin();
  auto color = [&](std::size_t l) {
    return sequential_color(last > first ? static_cast<double>(l - first) / static_cast<double>(last - first) : 0.0);
  };
  std::map<std::uint64_t, Marker> marker;
  for (std::uint64_t seed : seeds) marker.emplace(seed, marker_at(marker.size()));
  for (const ModelPairs& m : models)
    for (std::size_t i = 0; i < m.pairs.eta.size(); ++i)
      figure.add_points("", {m.pairs.curvature[i]}, {m.pairs.eta[i]},
                        {color(m.pairs.layer[i]), marker[sweep.models[m.model].seed]});
  if (result.pooled.defined()) {
    const std::vector<double>& ric = result.pooled_pairs.curvature;
    const double lo = *std::min_element(ric.begin(), ric.end()), hi = *std::max_element(ric.begin(), ric.end());
    const LeastSquaresLine& line = result.eta_on_curvature;
    figure.add_line("least squares (pooled r = " + figure_number(result.pooled.r) + ")", {lo, hi},
                    {line.at(lo), line.at(hi)}, "#000000", true, false);
  }
  if (!layers.empty()) figure.add_legend_entry("layer l", {});
  for (std::size_t l : layers) figure.add_legend_entry("l = " + std::to_string(l), {color(l), Marker::Circle});
  if (!seeds.empty()) figure.add_legend_entry("seed", {});
  for (std::uint64_t seed : seeds) figure.add_legend_entry(std::to_string(seed), {"#555555", marker[seed]});
  return figure;
}

// A median line with its interquartile band, at the ks where some model has
// rho_k defined.
void add_spread(Figure& figure, const std::string& label, const std::vector<int>& ks,
                const std::vector<RhoSpread>& spread, const std::string& color, bool dashed) {
  std::vector<double> x, q1, median, q3;
  for (std::size_t ki = 0; ki < ks.size(); ++ki)
    if (spread[ki].models > 0) {
      x.push_back(ks[ki]);
      q1.push_back(spread[ki].q1);
      median.push_back(spread[ki].median);
      q3.push_back(spread[ki].q3);
    }
  figure.add_band(x, q1, q3, color);
  figure.add_line(label, x, median, color, dashed);
}

// The range of the models behind a spread: "n = 4" or "n = 3 to 4".
std::string models_text(const std::vector<RhoSpread>& spread) {
  std::size_t low = 0, high = 0;
  bool any = false;
  for (const RhoSpread& s : spread)
    if (s.models > 0) {
      low = any ? std::min(low, s.models) : s.models;
      high = std::max(high, s.models);
      any = true;
    }
  if (!any) return "n = 0";
  return "n = " + count_text(low) + (high > low ? " to " + count_text(high) : "");
}

Figure rho_against_k_figure(const Sweep& sweep, const std::string& dataset) {
  Figure figure("ρ_{k} against k, " + short_dataset_name(dataset) + " (trained models)", "k",
                "ρ_{k}: median and interquartile range over seeds");
  std::size_t a = 0;
  for (const ModelGroup& architecture : architecture_groups(sweep)) {
    if (architecture.dataset != dataset) continue;
    const std::vector<RhoSpread> spread = rho_spread_per_k(sweep, architecture);
    add_spread(figure, "width " + architecture.width + ", depth " + count_text(architecture.depth) + " (" +
                           models_text(spread) + ")",
               sweep.ks, spread, palette_color(a++), false);
  }
  figure.add_reference_y(0);
  return figure;
}

Figure rho_against_k_baselines_figure(const Sweep& sweep, const std::string& dataset) {
  Figure figure("ρ_{k} against k, trained and controls, " + short_dataset_name(dataset), "k",
                "ρ_{k}: median and interquartile range over models");
  std::size_t b = 0;
  for (Baseline baseline : sweep_baselines(sweep)) {
    for (const ModelGroup& group : dataset_groups(sweep, baseline)) {
      if (group.dataset != dataset) continue;
      const std::vector<RhoSpread> spread = rho_spread_per_k(sweep, group, true);
      const std::string name = baseline == Baseline::None ? "well-trained models" : baseline_models_text(baseline);
      add_spread(figure, name + " (" + models_text(spread) + ")", sweep.ks, spread,
                 palette_color(b), baseline != Baseline::None);
    }
    ++b;
  }
  figure.add_reference_y(0);
  return figure;
}

// Per architecture of the data set, the share of rho_k < 0 against k: its
// well-trained networks (solid) and each control (dashed), in the
// architecture's colour, its best k marked with a star (null_tests and
// best_k_per_architecture, flow/).
Figure share_negative_figure(const Sweep& sweep, const std::string& dataset, const std::vector<NullTest>& tests,
                             const std::vector<ArchitectureBestK>& best) {
  Figure figure("share of ρ_{k} < 0 against k per architecture, " + short_dataset_name(dataset), "k",
                "share of networks with ρ_{k} < 0");
  std::size_t a = 0;
  for (const ModelGroup& group : architecture_groups(sweep)) {
    if (group.dataset != dataset) continue;
    const std::string name = group.width + "×" + count_text(group.depth);
    const std::string color = palette_color(a++);
    const std::vector<Baseline> baselines = sweep_baselines(sweep);
    for (std::size_t b = 0; b < baselines.size(); ++b) {
      std::vector<double> ks, shares;
      for (const NullTest& t : tests)
        if (t.trained.dataset == dataset && t.trained.width == group.width && t.trained.depth == group.depth &&
            t.baseline == baselines[b == 0 ? 1 : b]) {
          ks.push_back(t.k);
          shares.push_back(b == 0 ? t.trained_share_negative : t.baseline_share_negative);
        }
      // No markers at the vertices, so that the best k's star stands out.
      figure.add_line(name + (b == 0 ? " trained" : " " + std::string(baseline_name(baselines[b]))), ks, shares, color,
                      b != 0, false);
    }
    for (const ArchitectureBestK& chosen : best) {
      const ModelGroup& c = chosen.architecture;
      if (!chosen.found || c.baseline != Baseline::None || c.dataset != dataset || c.width != group.width ||
          c.depth != group.depth)
        continue;
      for (const NullTest& t : tests)
        if (t.trained.dataset == dataset && t.trained.width == group.width && t.trained.depth == group.depth &&
            t.k == chosen.k && t.baseline == baselines[1]) {
          figure.add_points("", {static_cast<double>(t.k)}, {t.trained_share_negative}, {color, Marker::Star});
          break;
        }
    }
  }
  figure.add_legend_entry("best k (trained)", {"#000000", Marker::Star});
  return figure;
}

Figure rho_against_accuracy_figure(const Sweep& sweep, int k) {
  Figure figure("ρ_{k} against test accuracy, k = " + std::to_string(k) + " (trained models)", "test accuracy",
                "ρ_{k}");
  std::size_t d = 0;
  for (const ModelGroup& dataset : dataset_groups(sweep)) {
    std::vector<ModelRho> rhos = model_rhos(sweep, dataset, k);
    std::vector<double> accuracy, rho;
    for (const ModelRho& m : rhos) accuracy.push_back(sweep.models[m.model].test_accuracy), rho.push_back(m.rho.r);
    figure.add_points(short_dataset_name(dataset.dataset) + " (n = " + count_text(rhos.size()) + ")", accuracy, rho,
                      {palette_color(d), marker_at(d)});
    ++d;
  }
  figure.add_reference_y(0);
  return figure;
}

}  // namespace

std::string short_dataset_name(const std::string& dataset) {
  std::string literal;  // the name's own "_{" or "^{" is text, not markup
  for (std::size_t i = 0; i < dataset.size(); ++i) {
    literal += dataset[i];
    if ((dataset[i] == '_' || dataset[i] == '^') && i + 1 < dataset.size() && dataset[i + 1] == '{') literal += ' ';
  }
  return shorten_label(literal, 32);
}

namespace {

// The result of data set `dataset` at k, found by name and k.
const DatasetResult& result_at(const std::vector<DatasetResult>& results, const std::string& dataset, int k) {
  for (const DatasetResult& r : results)
    if (r.dataset == dataset && r.k == k) return r;
  throw std::logic_error("report_figures: no result for " + dataset + " at k = " + std::to_string(k));
}

}  // namespace

std::vector<ReportFigure> report_figures(const Sweep& sweep, const std::vector<DatasetResult>& results) {
  std::vector<ReportFigure> figures;
  const std::vector<ModelGroup> datasets = dataset_groups(sweep);
  const bool baselines = sweep_baselines(sweep).size() > 1;
  const std::vector<NullTest> tests = baselines ? null_tests(sweep) : std::vector<NullTest>{};
  const std::vector<ArchitectureBestK> best = best_k_per_architecture(sweep, group_rows(sweep));
  for (std::size_t d = 0; d < datasets.size(); ++d) {
    const std::string& dataset = datasets[d].dataset;
    const std::string tag = std::to_string(d + 1) + "-" + slug(dataset);
    for (std::size_t ki = 0; ki < sweep.ks.size(); ++ki) {
      const int k = sweep.ks[ki];
      const LayerDistributions layers = layer_distributions(sweep, datasets[d], k);
      const std::string suffix = tag + "_k" + std::to_string(k) + ".svg";
      figures.push_back({"eta_by_layer_" + suffix, dataset, k, "the geodesic change into each layer",
                         eta_by_layer_figure(dataset, k, layers)});
      figures.push_back({"curvature_by_layer_" + suffix, dataset, k, "the total curvature of each layer",
                         curvature_by_layer_figure(dataset, k, layers)});
      figures.push_back({"eta_vs_curvature_" + suffix, dataset, k,
                         "eta_l against Ric_l, the pairs of Eq. 8, by layer and seed",
                         eta_against_curvature_figure(sweep, datasets[d], result_at(results, dataset, k))});
    }
    figures.push_back({"rho_vs_k_" + tag + ".svg", dataset, 0, "rho_k against k per architecture",
                       rho_against_k_figure(sweep, dataset)});
    if (baselines)
      figures.push_back({"rho_vs_k_baselines_" + tag + ".svg", dataset, 0,
                         "rho_k against k, trained models beside their controls",
                         rho_against_k_baselines_figure(sweep, dataset)});
    if (baselines)
      figures.push_back({"share_negative_vs_k_" + tag + ".svg", dataset, 0,
                         "share of rho_k < 0 against k per architecture, trained beside each control, best k starred",
                         share_negative_figure(sweep, dataset, tests, best)});
  }
  for (int k : sweep.ks)
    figures.push_back({"rho_vs_accuracy_k" + std::to_string(k) + ".svg", "", k, "rho_k against test accuracy",
                       rho_against_accuracy_figure(sweep, k)});
  return figures;
}

}  // namespace ricci
