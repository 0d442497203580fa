// report.cpp — the report of a sweep (report.h): summary.md and SVG figures
// from its sweep.json, models.csv and layers.csv. Presentation only: the
// protocol's files (groups.csv, best_k.csv, ...) are the sweep's and
// merge's (bin/sweep/protocol_tables.h); the report reads, never rewrites them.
//
// summary.md: accuracy per architecture (and baseline); per data set and k,
// the share of well-trained models with rho_k < 0, their median rho_k and
// the pooled rho; model-level inference beside the pooled rho; trained
// networks against each baseline, in words (controls.cpp); the
// paper's protocol and its headline numbers beside the paper's, the
// baselines' and the held-out ones; the best k per data set (the k whose
// pooled rho is most negative); the correlation of rho_k with test
// accuracy, across models and across architectures, with p-values.
// It opens with what was found, in words (findings.cpp), and ends
// with the figures embedded (figures/, figures.h). Every number
// comes from flow/ (summary.h, groups.h, protocol.h, null_tests.h,
// held_out.h); this file formats them.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "bin/experiment/folders.h"
#include "bin/options.h"
#include "bin/report/early.h"
#include "bin/report/report.h"
#include "bin/report/local.h"
#include "bin/report/sections.h"
#include "bin/report/training.h"
#include "bin/report/svg.h"
#include "bin/sweep/tables.h"
#include "data/error.h"
#include "data/files.h"

namespace ricci {

namespace {


// ---------------------------------------------------------------------------
// summary.md, one function per section

std::string opening(const Sweep& sweep) {
  const ModelCounts counts = model_counts(sweep);
  std::string thresholds = fixed(sweep.accuracy_threshold, 2);
  for (const auto& [name, value] : sweep.dataset_thresholds) thresholds += ", " + fixed(value, 2) + " for `" + name + "`";
  std::string md = "# ricciflow report\n\n" + counted(counts.models, "model") + " (" + count_text(counts.trained) +
                   " trained, " + count_text(counts.well_trained) + " well-trained: test accuracy above " + thresholds +
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
          " (" + counted(model_counts(sweep, baselines[b]).models, "model") + ")";
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
      md += "| `" + architecture.dataset + "` | " + architecture.width + " | " + count_text(architecture.depth) + " | " +
            (controls ? std::string(baseline_name(baseline)) + " | " : "") + count_text(a.models) + " | " +
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
    md += "| `" + r.dataset + "` | " + std::to_string(r.k) + " | " + count_text(r.well_trained) + " | " +
          count_text(r.negative) + " | " + fixed(r.share_negative, 2) + " | " + fixed(r.median_rho) + " | " +
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

// One column of our headline numbers: a label, the protocol's headline and
// the z term of its regression (its estimate NaN when absent).
struct OursColumn {
  std::string label;
  Headline headline;
  RegressionTerm z;
  std::string outcome = "test_accuracy";  // what the regression explains
};

RegressionTerm z_term(const LinearModel& regression) {
  for (const RegressionTerm& term : regression.terms)
    if (term.name == "z") return term;
  RegressionTerm none;
  none.name = "z";
  none.estimate = none.std_error = none.t = none.p_value = NAN;
  return none;
}

// The column of a sweep: its protocol's headline and regression, labelled
// by its convention (and `name`, when given).
OursColumn ours_column(const Sweep& sweep, const std::string& name) {
  const std::vector<GroupRow> groups = group_rows(sweep);
  const std::vector<ArchitectureBestK> best = best_k_per_architecture(sweep, groups);
  const std::vector<ModelProtocol> protocol = model_protocol(sweep, best);
  return {std::string("ours (`") + convention_name(sweep.convention) + "`" + (name.empty() ? "" : ", " + name) + ")",
          headline_numbers(sweep, best, protocol), z_term(accuracy_regression(sweep, protocol)), sweep.outcome};
}

// The headline numbers side by side: the paper's, then each column of ours
// (the sweep's own, then each re-analysis of the same networks given with
// `ricci report --beside`, e.g. under the other convention).
std::string paper_beside_ours(const std::vector<OursColumn>& ours) {
  std::string md = "| | the paper (Baptista et al. 2024) |";
  for (const OursColumn& c : ours) md += " " + c.label + " |";
  md += "\n| --- | --- |";
  for (std::size_t i = 0; i < ours.size(); ++i) md += " --- |";
  md += "\n| well-trained models with rho < 0 at their best k | 1,144 of 1,227 (93.2%) |";
  for (const OursColumn& c : ours)
    md += " " + count_text(c.headline.negative) + " of " + count_text(c.headline.analysed) + " (" +
          percent(c.headline.share_negative) + ") |";
  md += "\n| best k as a share of the test set | 12.5% to 25% (Fashion-MNIST 5 vs 9) |";
  for (const OursColumn& c : ours)
    md += " " + percent(c.headline.k_fraction_low) + " to " + percent(c.headline.k_fraction_high) + " |";
  md += ours.empty() || ours[0].outcome == "test_accuracy"
            ? std::string("\n| test accuracy ~ z: t, p | -2.27, 0.023 |")
            : "\n| `" + ours[0].outcome + "` ~ z: t, p (the paper's: test accuracy ~ z) | -2.27, 0.023 |";
  for (const OursColumn& c : ours) md += " " + fixed(c.z.t, 2) + ", " + p_text(c.z.p_value) + " |";
  return md + "\n\n";
}

// The paper's protocol (flow/protocol.h) and its headline numbers, beside
// the paper's own and the controls'.
std::string protocol_section(const Sweep& sweep, const std::vector<ArchitectureBestK>& best,
                             const std::vector<ModelProtocol>& protocol, const LinearModel& regression,
                             const std::vector<OursColumn>& beside) {
  const Headline h = headline_numbers(sweep, best, protocol);
  const bool paper_outcome = sweep.outcome == "test_accuracy";
  std::string md = "\n## The paper's protocol\n\n"
                   "Per architecture, the k of the grid with the most negative pooled rho (best_k.csv); each model's "
                   "rho and z = arctanh(rho) / sqrt(L - 4) at it (models.csv); " +
                   (paper_outcome ? std::string("test accuracy regressed on z, data set, width and depth (regression.csv)")
                                  : "`" + sweep.outcome + "` (models.csv; --outcome) regressed on z, data set, width and "
                                    "depth (regression.csv has the paper's test accuracy)") +
                   ". Choosing k this way makes the pooled rho negative by construction: read these numbers beside "
                   "baselines.\n\n";
  md += "- Models with rho < 0 at their best k: **" + count_text(h.negative) + " of " + count_text(h.analysed) + " (" +
        percent(h.share_negative) + ")** of the well-trained models with rho defined there (the paper: 1,144 of "
        "1,227, 93.2%).\n";
  md += protocol_controls(sweep, best, protocol);
  md += "- Best k as a share of the test set: **" + percent(h.k_fraction_low) + " to " + percent(h.k_fraction_high) +
        "** across architectures (the paper: 12.5% to 25% for Fashion-MNIST sandals and ankle boots).\n";
  const RegressionTerm* z = nullptr;
  for (const RegressionTerm& term : regression.terms)
    if (term.name == "z") z = &term;
  md += (paper_outcome ? std::string("- Test accuracy") : "- `" + sweep.outcome + "`") +
        " on z + data set + width + depth over " + count_text(regression.n) +
        " well-trained models with z defined (R^2 = " + fixed(regression.r_squared) + "): z's estimate " +
        fixed(z ? z->estimate : NAN, 4) + ", **t = " + fixed(z ? z->t : NAN, 2) + ", p = " +
        p_text(z ? z->p_value : NAN) + "** (the paper: t = -2.27, p = 0.023).\n";
  md += "- Total curvature from the first hidden layer to the last, at the best k: rises in " + count_text(h.rising) +
        " models, falls in " + count_text(h.falling) + " (median change Ric_L - Ric_1: " +
        fixed(h.median_curvature_change, 1) + ").\n\n";
  std::vector<OursColumn> ours{
      {std::string("ours (`") + convention_name(sweep.convention) + "`)", h, z_term(regression), sweep.outcome}};
  ours.insert(ours.end(), beside.begin(), beside.end());
  md += paper_beside_ours(ours);
  md += "| data set | width | depth | best k | k / n | pooled rho | models pooled |\n"
        "| --- | --- | --- | --- | --- | --- | --- |\n";
  for (const ArchitectureBestK& b : best)
    if (b.architecture.baseline == Baseline::None)
      md += "| `" + b.architecture.dataset + "` | " + b.architecture.width + " | " + count_text(b.architecture.depth) +
            " | " + (b.found ? std::to_string(b.k) : "–") + " | " + fixed(b.k_fraction) + " | " +
            fixed(b.pooled_rho) + " | " + (b.found ? count_text(b.models_used) : "–") + " |\n";
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
    md += "| `" + m.dataset + "` | " + std::to_string(m.k) + " | " + count_text(p.n) + " | " + fixed(p.r) + " | " +
          p_text(p.p_value) + " | " + fixed(s.r) + " | " + p_text(s.p_value) + " |\n";
  }
  md += "\nAcross architectures (pooled rho of each architecture against its mean test accuracy, groups.csv):\n\n"
        "| k | architectures | Pearson r | p |\n| --- | --- | --- | --- |\n";
  for (const ArchitecturesRhoAccuracy& a : rho_accuracy_across_architectures(sweep, groups))
    md += "| " + std::to_string(a.k) + " | " + count_text(a.pearson.n) + " | " + fixed(a.pearson.r) + " | " +
          p_text(a.pearson.p_value) + " |\n";
  return md;
}

// The accuracies under attack (--attack) against rho and z at each model's
// best k, per data set, the controls beside (flow/protocol.h
// outcome_correlations); nothing for a sweep without attacks.
std::string attack_section(const Sweep& sweep, const std::vector<ModelProtocol>& protocol) {
  const std::vector<std::string> outcomes = sweep_outcomes(sweep);
  if (outcomes.size() < 2) return "";
  std::string md = "\n## Accuracy under attack\n\n"
                   "Each model's test accuracy under adversarial attack (--attack; docs/method.md, definition 14) "
                   "against its rho and z at its architecture's best k, across models (the well-trained for the "
                   "trained networks, every model for a control; the model is the unit). A negative r says: the more "
                   "Ricci-flow-like the network, the more robust.\n\n"
                   "| outcome | data set | networks | models | mean | r (z) | p | r (rho) | p |\n"
                   "| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n";
  for (std::size_t o = 1; o < outcomes.size(); ++o)
    for (const OutcomeCorrelation& c : outcome_correlations(sweep, protocol, outcomes[o]))
      md += "| `" + outcomes[o] + "` | `" + c.dataset + "` | " + baseline_name(c.baseline) + " | " +
            count_text(c.z.n) + " | " + fixed(c.mean_outcome) + " | " + fixed(c.z.r) + " | " + p_text(c.z.p_value) +
            " | " + fixed(c.rho.r) + " | " + p_text(c.rho.p_value) + " |\n";
  return md;
}

}  // namespace

// The columns of the sweeps given with --beside: each must hold the same
// networks as `dir` (its weights.csv equal to dir's, byte for byte), so
// that only the analysis differs.
std::vector<OursColumn> beside_columns(const std::string& dir, const std::vector<std::string>& beside,
                                       const std::string& outcome) {
  std::vector<OursColumn> columns;
  if (beside.empty()) return columns;
  const std::string weights = join_path(dir, "weights.csv");
  if (!file_exists(weights))
    throw data_error("report --beside: " + dir + " keeps no networks (no weights.csv), so no sweep can be shown to "
                     "hold the same ones");
  const std::string ours = read_file(weights);
  for (const std::string& other : beside) {
    Sweep sweep = read_sweep(other);
    if (outcome != "test_accuracy") {
      check_outcome(sweep, outcome);
      sweep.outcome = outcome;
    }
    const std::string theirs_path = join_path(other, "weights.csv");
    if (!file_exists(theirs_path) || read_file(theirs_path) != ours)
      throw data_error("report --beside: " + other + " does not hold the networks of " + dir +
                       " (its weights.csv differs or is missing); give a re-analysis of them (ricci sweep --from " +
                       dir + ")");
    columns.push_back(ours_column(sweep, base_name(other)));
  }
  return columns;
}

ReportText report_text(const std::string& dir, const ReportOptions& options) {
  const std::string& outcome = options.outcome;
  Sweep sweep = read_sweep(dir);
  if (outcome != "test_accuracy") {
    check_outcome(sweep, outcome);
    sweep.outcome = outcome;
  }
  const std::vector<OursColumn> beside_ours = beside_columns(dir, options.beside, outcome);
  ReportText text;
  ReportNumbers& numbers = text.numbers;
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
    const std::vector<HeldOutRow> rows = held_out_rows(sweep, numbers.split);
    numbers.held_out_headlines = held_out_headlines(sweep, rows);
    numbers.held_out_answers = held_out_answers(sweep, rows, numbers.split);
  }
  numbers.architecture_answers = best_k_answers(sweep, best);
  const std::vector<ReportFigure> figures = report_figures(sweep, results);
  std::string& md = text.markdown;
  md = opening(sweep) +
       architectures_section(numbers.architecture_answers, numbers.held_out_answers,
                             numbers.held_out ? &numbers.split : nullptr, numbers.baselines.size() > 1) +
       findings_section(results, numbers.null_tests, rho_accuracy_across_models(sweep), numbers.baselines.size() > 1) +
       accuracy_section(sweep) + ricci_flow_section(sweep, results) + model_level_section(results) +
       baselines_section(sweep, numbers.null_tests) +
       protocol_section(sweep, best, protocol, accuracy_regression(sweep, protocol), beside_ours) +
       best_k_section(results) + rho_accuracy_section(sweep, groups) + attack_section(sweep, protocol) +
       local_section(sweep) + regulariser_section(sweep, best);
  const TrainingReport training = training_report(dir, sweep);
  md += training.markdown;
  if (!training.markdown.empty()) md += early_section(dir, sweep);
  std::vector<ReportFigure> shown = figures;
  for (const auto& [name, figure] : training.figures)  // rho_vs_epoch_<d>_k<k>.svg
    shown.push_back({name, "", 0, "rho_k against epoch during training (" + name + ")", figure});
  for (const ReportFigure& f : shown) text.figures.push_back({f.name, f.figure.svg()});
  md += figures_section(shown, results);
  return text;
}

ReportNumbers write_report(const std::string& dir, const ReportOptions& options) {
  const ReportText text = report_text(dir, options);
  // summary.md and a new figures/ folder, made visible together at the end
  // (data/files.h): the old figures go, none is left half-written.
  OutputSet report(dir);
  for (const auto& [name, svg] : text.figures) report.add("figures/" + name, svg);
  report.add("summary.md", text.markdown);
  commit_owned(report, writable_record(dir, FolderKind::Sweep));
  return text.numbers;
}

}  // namespace ricci
