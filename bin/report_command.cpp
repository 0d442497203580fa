// report_command.cpp — `ricci report DIR`: summary.md and SVG figures from a
// sweep's sweep.json, models.csv and layers.csv, and the protocol's files
// recomputed (groups.csv, best_k.csv, regression.csv, models.csv's protocol
// columns; protocol_tables.h).
//
// summary.md: accuracy per architecture (and baseline); per data set and k,
// the share of well-trained models with rho_k < 0, their median rho_k and
// the pooled rho; model-level inference beside the pooled rho; trained
// networks against each baseline, in words (report_controls.cpp); the
// paper's protocol and its headline numbers beside the paper's, the
// baselines' and the held-out ones; the best k per data set (the k whose
// pooled rho is most negative); the correlation of rho_k with test
// accuracy, across models and across architectures, with p-values.
// figures/: per-layer box plots of the geodesic change and of the total
// curvature, eta_l = g_{l+1} - g_l against Ric_l with the least-squares
// line, rho_k against k per architecture (and for trained and baseline
// models on the same axes), and rho_k against accuracy. Every number comes
// from flow/ (summary.h, groups.h, protocol.h, null_tests.h, held_out.h);
// this file formats and draws them.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "bin/commands.h"
#include "bin/folders.h"
#include "bin/options.h"
#include "bin/protocol_tables.h"
#include "bin/report.h"
#include "bin/report_sections.h"
#include "bin/report_training.h"
#include "bin/svg.h"
#include "bin/sweep_tables.h"
#include "data/error.h"
#include "data/files.h"
#include "data/folder_lock.h"

namespace ricci {

namespace {

std::string count(std::size_t n) { return std::to_string(n); }

// A file-name-safe version of a data SPEC.
std::string slug(const std::string& text) {
  std::string out;
  for (char c : text) out += std::isalnum(static_cast<unsigned char>(c)) || c == '-' ? c : '_';
  return out.substr(0, 60);
}

// ---------------------------------------------------------------------------
// summary.md, one function per section

std::string opening(const Sweep& sweep) {
  const ModelCounts counts = model_counts(sweep);
  std::string thresholds = fixed(sweep.accuracy_threshold, 2);
  for (const auto& [name, value] : sweep.dataset_thresholds) thresholds += ", " + fixed(value, 2) + " for `" + name + "`";
  std::string md = "# ricciflow report\n\n" + count(counts.models) + " models (" + count(counts.trained) +
                   " trained, " + count(counts.well_trained) + " well-trained: test accuracy above " + thresholds +
                   "), k = ";
  for (std::size_t i = 0; i < sweep.ks.size(); ++i) md += (i ? ", " : "") + std::to_string(sweep.ks[i]);
  md += ". Definitions: docs/method.md.\n\n";
  const std::vector<Baseline> baselines = sweep_baselines(sweep);
  if (baselines.size() == 1) return md;
  md += "Controls: for every model of the grid,";
  for (std::size_t b = 1; b < baselines.size(); ++b)
    md += std::string(b > 1 ? " and" : "") + " its " +
          (baselines[b] == Baseline::Untrained ? "untrained twin (the same initial weights, never trained)"
                                               : "twin trained on shuffled labels") +
          " (" + count(model_counts(sweep, baselines[b]).models) + " models)";
  return md + ".\n\n";
}

std::string accuracy_section(const Sweep& sweep) {
  const std::vector<Baseline> baselines = sweep_baselines(sweep);
  const bool controls = baselines.size() > 1;
  std::string md = "## Accuracy per architecture\n\n";
  if (controls)
    md += "Shuffled-label models are trained on permuted labels (their train accuracy is against those) and tested "
          "on the true ones.\n\n";
  md += std::string("| data set | width | depth | ") + (controls ? "baseline | " : "") +
        "models | mean train accuracy | mean test accuracy | min test accuracy |\n| --- | --- | --- | " +
        (controls ? "--- | " : "") + "--- | --- | --- | --- |\n";
  for (Baseline baseline : baselines)
    for (const ModelGroup& architecture : architecture_groups(sweep, baseline)) {
      const AccuracySummary a = accuracy_summary(sweep, architecture);
      md += "| `" + architecture.dataset + "` | " + architecture.width + " | " + count(architecture.depth) + " | " +
            (controls ? std::string(baseline_name(baseline)) + " | " : "") + count(a.models) + " | " +
            fixed(a.mean_train) + " | " + fixed(a.mean_test) + " | " + fixed(a.min_test) + " |\n";
    }
  return md;
}

std::string ricci_flow_section(const Sweep& sweep, const std::vector<DatasetResult>& results) {
  const std::string pairs = sweep.include_input ? "l = 0..L-1, the input transition included (not the paper's Eq. 8)"
                                                : "l = 1..L-1 (the paper's Eq. 8)";
  std::string md = "\n## Ricci-flow-like behaviour of the well-trained models\n\n"
                   "rho_k < 0 is Ricci-flow-like. The pooled rho pools the (eta_l, Ric_l) pairs, " + pairs +
                   ", of all well-trained models of the data set whose pairs are defined (convention " +
                   std::string(convention_name(sweep.convention)) + ").\n\n"
                   "| data set | k | well-trained with rho defined | rho < 0 | share | median rho | pooled rho | p (layer pairs) |\n"
                   "| --- | --- | --- | --- | --- | --- | --- | --- |\n";
  for (const DatasetResult& r : results)
    md += "| `" + r.dataset + "` | " + std::to_string(r.k) + " | " + count(r.well_trained) + " | " +
          count(r.negative) + " | " + fixed(r.share_negative, 2) + " | " + fixed(r.median_rho) + " | " +
          fixed(r.pooled.r) + " | " + p_text(r.pooled.p_value) + " |\n";
  return md;
}

std::string best_k_section(const std::vector<DatasetResult>& results) {
  std::string md = "\n## Best k per data set\n\nThe k with the most negative pooled rho of all the data set's models.\n\n"
                   "| data set | best k | pooled rho |\n| --- | --- | --- |\n";
  for (const BestK& best : best_k_per_dataset(results))
    md += "| `" + best.dataset + "` | " + (best.found ? std::to_string(best.k) : "–") + " | " +
          fixed(best.found ? best.pooled_rho : NAN) + " |\n";
  return md;
}

// The paper's protocol (flow/protocol.h) and its headline numbers, beside
// the paper's own and the controls'.
std::string protocol_section(const Sweep& sweep, const std::vector<ArchitectureBestK>& best,
                             const std::vector<ModelProtocol>& protocol, const LinearModel& regression) {
  const Headline h = headline_numbers(sweep, best, protocol);
  std::string md = "\n## The paper's protocol\n\n"
                   "Per architecture, the k of the grid with the most negative pooled rho (best_k.csv); each model's "
                   "rho and z = arctanh(rho) / sqrt(L - 4) at it (models.csv); test accuracy regressed on z, data "
                   "set, width and depth (regression.csv). Choosing k this way makes the pooled rho negative by "
                   "construction: read these numbers beside baselines.\n\n";
  md += "- Models with rho < 0 at their best k: **" + count(h.negative) + " of " + count(h.analysed) + " (" +
        percent(h.share_negative) + ")** of the well-trained models with rho defined there (the paper: 1,144 of "
        "1,227, 93.2%).\n";
  md += protocol_controls(sweep, best, protocol);
  md += "- Best k as a share of the test set: **" + percent(h.k_fraction_low) + " to " + percent(h.k_fraction_high) +
        "** across architectures (the paper: 12.5% to 25% for Fashion-MNIST sandals and ankle boots).\n";
  const RegressionTerm* z = nullptr;
  for (const RegressionTerm& term : regression.terms)
    if (term.name == "z") z = &term;
  md += "- Test accuracy on z + data set + width + depth over " + count(regression.n) +
        " well-trained models with z defined (R^2 = " + fixed(regression.r_squared) + "): z's estimate " +
        fixed(z ? z->estimate : NAN, 4) + ", **t = " + fixed(z ? z->t : NAN, 2) + ", p = " +
        p_text(z ? z->p_value : NAN) + "** (the paper: t = -2.27, p = 0.023).\n";
  md += "- Total curvature from the first hidden layer to the last, at the best k: rises in " + count(h.rising) +
        " models, falls in " + count(h.falling) + " (median change Ric_L - Ric_1: " +
        fixed(h.median_curvature_change, 1) + ").\n\n";
  md += "| data set | width | depth | best k | k / n | pooled rho | models pooled |\n"
        "| --- | --- | --- | --- | --- | --- | --- |\n";
  for (const ArchitectureBestK& b : best)
    if (b.architecture.baseline == Baseline::None)
      md += "| `" + b.architecture.dataset + "` | " + b.architecture.width + " | " + count(b.architecture.depth) +
            " | " + (b.found ? std::to_string(b.k) : "–") + " | " + fixed(b.k_fraction) + " | " +
            fixed(b.pooled_rho) + " | " + (b.found ? count(b.models_used) : "–") + " |\n";
  md += "\n| term | estimate | std. error | t | p |\n| --- | --- | --- | --- | --- |\n";
  for (const RegressionTerm& term : regression.terms)
    md += "| `" + term.name + "` | " + (term.aliased ? "aliased" : fixed(term.estimate, 4)) + " | " +
          fixed(term.std_error, 4) + " | " + fixed(term.t, 2) + " | " + p_text(term.p_value) + " |\n";
  return md;
}

std::string rho_accuracy_section(const Sweep& sweep, const std::vector<GroupRow>& groups) {
  std::string md = "\n## rho_k and accuracy\n\nAcross models (every trained model with rho_k defined):\n\n"
                   "| data set | k | models | Pearson r | p | Spearman | p |\n"
                   "| --- | --- | --- | --- | --- | --- | --- |\n";
  for (const ModelsRhoAccuracy& m : rho_accuracy_across_models(sweep)) {
    const Correlation &p = m.correlation.pearson, &s = m.correlation.spearman;
    md += "| `" + m.dataset + "` | " + std::to_string(m.k) + " | " + count(p.n) + " | " + fixed(p.r) + " | " +
          p_text(p.p_value) + " | " + fixed(s.r) + " | " + p_text(s.p_value) + " |\n";
  }
  md += "\nAcross architectures (pooled rho of each architecture against its mean test accuracy, groups.csv):\n\n"
        "| k | architectures | Pearson r | p |\n| --- | --- | --- | --- |\n";
  for (const ArchitecturesRhoAccuracy& a : rho_accuracy_across_architectures(sweep, groups))
    md += "| " + std::to_string(a.k) + " | " + count(a.pearson.n) + " | " + fixed(a.pearson.r) + " | " +
          p_text(a.pearson.p_value) + " |\n";
  return md;
}

// ---------------------------------------------------------------------------
// Figures, one function each

std::string at_k(const std::string& dataset, int k) { return dataset + ", k = " + std::to_string(k); }

std::vector<std::string> layer_names(std::size_t layers) {
  std::vector<std::string> names;
  for (std::size_t l = 0; l < layers; ++l) names.push_back(std::to_string(l));
  return names;
}

Figure eta_by_layer_figure(const std::string& dataset, int k, const LayerDistributions& layers) {
  Figure figure("Geodesic change into layer l, " + at_k(dataset, k), "layer l", "g_l - g_{l-1}");
  figure.add_boxes(layer_names(layers.eta.size()), layers.eta);
  figure.add_reference_y(0);
  return figure;
}

Figure curvature_by_layer_figure(const std::string& dataset, int k, const LayerDistributions& layers) {
  Figure figure("Total curvature by layer, " + at_k(dataset, k), "layer l", "Ric_l");
  figure.add_boxes(layer_names(layers.curvature.size()), layers.curvature);
  return figure;
}

Figure eta_against_curvature_figure(const DatasetResult& result) {
  Figure figure("eta_l against Ric_l, " + at_k(result.dataset, result.k), "Ric_l", "eta_l = g_{l+1} - g_l");
  const std::vector<double>& ric = result.pooled_pairs.curvature;
  figure.add_points("pooled pairs of the well-trained models", ric, result.pooled_pairs.eta);
  if (result.pooled.defined()) {
    const double lo = *std::min_element(ric.begin(), ric.end()), hi = *std::max_element(ric.begin(), ric.end());
    const LeastSquaresLine& line = result.eta_on_curvature;
    figure.add_line("least squares (r = " + fixed(result.pooled.r) + ")", {lo, hi}, {line.at(lo), line.at(hi)});
  }
  return figure;
}

Figure rho_against_k_figure(const Sweep& sweep, const std::string& dataset) {
  Figure figure("rho_k against k, " + dataset, "k", "mean rho_k over seeds");
  for (const ModelGroup& architecture : architecture_groups(sweep)) {
    if (architecture.dataset != dataset) continue;
    const std::vector<double> means = mean_rho_per_k(sweep, architecture);
    std::vector<double> ks, rhos;  // the ks where some model has rho_k defined
    for (std::size_t ki = 0; ki < sweep.ks.size(); ++ki)
      if (!std::isnan(means[ki])) ks.push_back(sweep.ks[ki]), rhos.push_back(means[ki]);
    figure.add_line("width " + architecture.width + ", depth " + count(architecture.depth), ks, rhos);
  }
  figure.add_reference_y(0);
  return figure;
}

Figure rho_against_accuracy_figure(const Sweep& sweep, int k) {
  Figure figure("rho_k against test accuracy, k = " + std::to_string(k), "test accuracy", "rho_k");
  for (const ModelGroup& dataset : dataset_groups(sweep)) {
    std::vector<ModelRho> rhos = model_rhos(sweep, dataset, k);
    // Drawn in the order of the model indices as text ("10" before "2"), the
    // order of earlier versions, so that the figure keeps its bytes.
    std::stable_sort(rhos.begin(), rhos.end(), [&](const ModelRho& a, const ModelRho& b) {
      return std::to_string(sweep.models[a.model].index) < std::to_string(sweep.models[b.model].index);
    });
    std::vector<double> accuracy, rho;
    for (const ModelRho& m : rhos) accuracy.push_back(sweep.models[m.model].test_accuracy), rho.push_back(m.rho.r);
    figure.add_points(dataset.dataset, accuracy, rho);
  }
  figure.add_reference_y(0);
  return figure;
}

}  // namespace

ReportNumbers write_report(const std::string& dir) {
  const Sweep sweep = read_sweep(dir);
  ReportNumbers numbers;
  numbers.results = dataset_results(sweep);
  const std::vector<DatasetResult>& results = numbers.results;
  numbers.null_tests = dataset_null_tests(sweep);
  const std::vector<GroupRow> groups = group_rows(sweep);
  const std::vector<ArchitectureBestK> best = best_k_per_architecture(sweep, groups);
  const std::vector<ModelProtocol> protocol = model_protocol(sweep, best);
  numbers.baselines = sweep_baselines(sweep);
  for (Baseline baseline : numbers.baselines) numbers.headlines.push_back(headline_numbers(sweep, best, protocol, baseline));
  numbers.held_out = sweep.held_out_k;
  if (numbers.held_out) {
    numbers.split = seed_split(sweep);
    numbers.held_out_headlines = held_out_headlines(sweep, held_out_rows(sweep, numbers.split));
  }
  std::string md = opening(sweep) + accuracy_section(sweep) + ricci_flow_section(sweep, results) +
                   model_level_section(results) + baselines_section(sweep, numbers.null_tests) +
                   protocol_section(sweep, best, protocol, accuracy_regression(sweep, protocol)) +
                   best_k_section(results) + rho_accuracy_section(sweep, groups);
  const TrainingReport training = training_report(dir, sweep);
  md += training.markdown;

  // summary.md, a new figures/ folder and the protocol's files, recomputed
  // (protocol_tables.h), made visible together at the end (data/files.h):
  // the old figures go, none is left half-written.
  OutputSet report(dir);
  add_protocol_files(report, sweep, read_csv_table(join_path(dir, "models.csv")),
                     read_csv_table(join_path(dir, "layers.csv")));
  std::vector<std::string> written;
  auto save = [&](const std::string& name, const Figure& figure) {
    report.add("figures/" + name, figure.svg());
    written.push_back(name);
  };
  const std::vector<ModelGroup> datasets = dataset_groups(sweep);
  for (std::size_t d = 0; d < datasets.size(); ++d) {
    const std::string& dataset = datasets[d].dataset;
    const std::string tag = std::to_string(d + 1) + "-" + slug(dataset);
    for (std::size_t ki = 0; ki < sweep.ks.size(); ++ki) {
      const int k = sweep.ks[ki];
      const LayerDistributions layers = layer_distributions(sweep, datasets[d], k);
      const std::string suffix = tag + "_k" + std::to_string(k) + ".svg";
      save("eta_by_layer_" + suffix, eta_by_layer_figure(dataset, k, layers));
      save("curvature_by_layer_" + suffix, curvature_by_layer_figure(dataset, k, layers));
      save("eta_vs_curvature_" + suffix, eta_against_curvature_figure(results[d * sweep.ks.size() + ki]));
    }
    save("rho_vs_k_" + tag + ".svg", rho_against_k_figure(sweep, dataset));
    if (sweep_baselines(sweep).size() > 1)
      save("rho_vs_k_baselines_" + tag + ".svg", rho_against_k_baselines_figure(sweep, dataset));
  }
  for (int k : sweep.ks)
    save("rho_vs_accuracy_k" + std::to_string(k) + ".svg", rho_against_accuracy_figure(sweep, k));
  for (const auto& [name, figure] : training.figures) save(name, figure);

  md += "\n## Figures\n\n";
  for (const std::string& name : written) md += "- [" + name + "](figures/" + name + ")\n";
  report.add("summary.md", md);
  report.commit();
  return numbers;
}

int report_command(const std::vector<std::string>& args) {
  const std::vector<OptionSpec> specs = {{"quiet", "", "print nothing but errors"}};
  const Options options(args, specs);
  if (options.help()) {
    std::fputs(usage_text("report", "DIR", "Writes DIR/summary.md and DIR/figures/*.svg from a sweep's results.", specs)
                   .c_str(),
               stdout);
    return 0;
  }
  if (options.positional().size() != 1) throw usage_error("report: give one sweep directory");
  const std::string dir = options.positional()[0];
  // One writer per folder: report writes into a sweep folder (bin/folders.h).
  const FolderLock lock(dir, command_line("report", args));
  check_writable(dir, Writer::Report);
  write_report(dir);
  if (!options.flag("quiet"))
    std::printf("wrote %s and figures in %s\n", join_path(dir, "summary.md").c_str(), join_path(dir, "figures").c_str());
  return 0;
}

}  // namespace ricci
