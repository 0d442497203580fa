// training.cpp — the report's section on the geometry during training. The
// numbers come from flow/ (training_summary.h) and from where training's
// stopping rules stop each model (bin/experiment/stopping.h); this file
// reads the rows, and formats and draws the results.
#include "bin/report/training.h"

#include <cmath>
#include <cstdint>
#include <map>

#include "bin/experiment/stopping.h"
#include "bin/report/sections.h"
#include "bin/sweep/config.h"
#include "bin/sweep/tables.h"
#include "data/error.h"
#include "data/files.h"
#include "data/io/json.h"
#include "data/io/table.h"
#include "flow/stability.h"
#include "flow/training_summary.h"

namespace ricci {

namespace {

using TrackedModel = TrackedSeries;
using RuleSettings = StoppingRules;

// The rules' settings from sweep.json: every, patience, window, tolerance.
RuleSettings rule_settings(const std::string& dir) {
  const std::string path = join_path(dir, "sweep.json");
  const SweepConfig config = read_sweep_json(read_file(path), path, SweepJsonMode::Lenient).config;
  RuleSettings s;
  s.every = config.tracking.every;  // 0 for a sweep from before tracking
  if (config.training.patience > 0) s.patience = config.training.patience;
  s.stability = config.tracking.stability;
  return s;
}

// The rows of training_geometry.csv by model index, for each k of `ks`.
std::map<std::size_t, TrackedModel> read_tracked(const std::string& path, const std::vector<int>& ks) {
  const Table table = read_csv_table(path);
  if (table.header != tracking_header()) throw data_error(path + ": unexpected header");
  return read_tracked_series(table, ks, path);
}

// Where each rule stops model m: the epoch (0: never) and the test accuracy there.
struct Stops {
  std::vector<std::size_t> stable, patience, last;
  std::vector<double> stable_accuracy, patience_accuracy, last_accuracy;
};

void add_stops(const TrackedModel& m, const RuleSettings& rules, Stops& stops) {
  const RuleStop stable = stability_stop(m, rules), patience = patience_stop(m, rules);
  stops.stable.push_back(stable.epoch);
  stops.stable_accuracy.push_back(stable.test_accuracy);
  stops.patience.push_back(patience.epoch);
  stops.patience_accuracy.push_back(patience.test_accuracy);
  stops.last.push_back(m.epochs.back());
  stops.last_accuracy.push_back(m.test_accuracy.back());
}

std::string stop_cells(const StopSummary& s) {
  return std::to_string(s.stopped) + " | " + fixed(s.median_epoch, 1) + " | " + fixed(s.median_accuracy, 4) + " | ";
}

}  // namespace

TrainingReport training_report(const std::string& dir, const Sweep& sweep) {
  TrainingReport report;
  const std::string path = join_path(dir, "training_geometry.csv");
  const RuleSettings rules = rule_settings(dir);
  if (rules.every == 0 || !file_exists(path)) return report;
  const std::map<std::size_t, TrackedModel> tracked = read_tracked(path, sweep.ks);

  std::string& md = report.markdown;
  md = "\n## Geometry during training\n\nrho_k of the test set every " + std::to_string(rules.every) +
       " epochs (training_geometry.csv). Where two stopping rules would stop each trained model, applied to "
       "its tracked epochs: rho-stability (rho_k moved less than " + fixed(rules.stability.tolerance, 3) +
       " over " + std::to_string(rules.stability.window) + " tracked epochs, at every k) and validation-loss "
       "patience (" + std::to_string(rules.patience) + " epochs without improvement, counted in tracked epochs; " +
       "a model without a validation part is never stopped by it). Medians over the models each rule stops.\n\n"
       "| data set | width | depth | models | stable: stopped | epoch | test accuracy | patience: stopped | epoch | "
       "test accuracy | last epoch | test accuracy |\n"
       "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n";
  std::map<std::string, std::vector<std::pair<std::string, std::vector<std::vector<RhoSeries>>>>> by_dataset;
  std::vector<std::string> dataset_order;
  for (const ModelGroup& group : architecture_groups(sweep)) {
    Stops stops;
    std::vector<std::vector<RhoSeries>> series(sweep.ks.size());
    for (std::size_t member : group.members) {
      const auto found = tracked.find(sweep.models[member].index);
      if (found == tracked.end() || found->second.epochs.empty()) continue;
      add_stops(found->second, rules, stops);
      for (std::size_t ki = 0; ki < sweep.ks.size(); ++ki)
        series[ki].push_back({found->second.epochs, found->second.rho[ki]});
    }
    md += "| `" + group.dataset + "` | " + group.width + " | " + std::to_string(group.depth) + " | " +
          std::to_string(stops.last.size()) + " | " + stop_cells(stop_summary(stops.stable, stops.stable_accuracy)) +
          stop_cells(stop_summary(stops.patience, stops.patience_accuracy));
    const StopSummary last = stop_summary(stops.last, stops.last_accuracy);
    md += fixed(last.median_epoch, 1) + " | " + fixed(last.median_accuracy, 4) + " |\n";
    if (!by_dataset.count(group.dataset)) dataset_order.push_back(group.dataset);
    by_dataset[group.dataset].push_back({"width " + group.width + ", depth " + std::to_string(group.depth), series});
  }
  // One figure per data set and k: each architecture's median rho_k, and
  // its quartiles as points.
  for (std::size_t d = 0; d < dataset_order.size(); ++d)
    for (std::size_t ki = 0; ki < sweep.ks.size(); ++ki) {
      const std::string& dataset = dataset_order[d];
      Figure figure("rho_k against epoch, " + dataset + ", k = " + std::to_string(sweep.ks[ki]), "epoch",
                    "rho_k over seeds: median, quartiles");
      for (const auto& [label, series] : by_dataset[dataset]) {
        std::vector<double> epochs, medians, quartile_epochs, quartiles;
        for (const EpochBand& band : rho_bands(series[ki])) {
          if (band.models == 0) continue;
          epochs.push_back(static_cast<double>(band.epoch));
          medians.push_back(band.median);
          quartile_epochs.insert(quartile_epochs.end(), {static_cast<double>(band.epoch), static_cast<double>(band.epoch)});
          quartiles.insert(quartiles.end(), {band.q1, band.q3});
        }
        figure.add_line(label + ", median", epochs, medians);
        figure.add_points(label + ", quartiles", quartile_epochs, quartiles);
      }
      figure.add_reference_y(0);
      report.figures.push_back({"rho_vs_epoch_" + std::to_string(d + 1) + "_k" + std::to_string(sweep.ks[ki]) + ".svg",
                                figure});
    }
  return report;
}

}  // namespace ricci
