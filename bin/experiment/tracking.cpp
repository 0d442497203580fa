// tracking.cpp — one tracked epoch, the tracking flags and the files.
#include "bin/experiment/tracking.h"

#include "bin/experiment/layers_table.h"
#include "data/error.h"
#include "flow/training_summary.h"

namespace ricci {

// A function-local table: bin/sweep/config.cpp's option table, built at static
// initialisation, reads it, and statics of other files may not exist yet.
const std::vector<OptionSpec>& tracking_option_specs() {
  static const std::vector<OptionSpec> specs = {
    {"track-every", "N", "analyse the test-set activations at epoch 0 and every N epochs (and at the\n"
                         "last): training_geometry.csv and training_layers.csv"},
    {"stop-when-stable", "", "stop once rho_k has moved less than --stable-tolerance over the last\n"
                             "--stable-window tracked epochs, at every k (needs --track-every)"},
    {"stable-window", "W", "tracked epochs before the current one that rho_k must agree with (default 3)"},
    {"stable-tolerance", "T", "largest spread max - min of rho_k over the window (default 0.05)"},
  };
  return specs;
}

TrackingSettings tracking_settings_from(const Options& options) {
  TrackingSettings t;
  t.every = static_cast<std::size_t>(options.integer("track-every", 0, 1, 10000000));
  t.stop_when_stable = options.flag("stop-when-stable");
  t.stability.window = static_cast<std::size_t>(options.integer("stable-window", 3, 1, 1000000));
  t.stability.tolerance = options.real("stable-tolerance", 0.05, 1e-300, 2.0);
  if ((options.has("stable-window") || options.has("stable-tolerance")) && !t.stop_when_stable)
    throw usage_error("--stable-window and --stable-tolerance apply to --stop-when-stable");
  if (t.stop_when_stable && t.every == 0)
    throw usage_error("--stop-when-stable watches the tracked rho_k: give --track-every N");
  return t;
}

TrackedEpoch track_epoch(std::size_t epoch, const Mlp<float>& mlp, const Dataset& train, const Dataset& test,
                         const TrackingSettings& settings, const LayerGraphs& input, bool include_output) {
  const int threads = settings.analysis.geometry.threads;
  TrackedEpoch tracked;
  tracked.epoch = epoch;
  const Evaluation on_train = evaluate(mlp, train, threads), on_test = evaluate(mlp, test, threads);
  tracked.train_loss = on_train.loss;
  tracked.train_accuracy = on_train.accuracy;
  tracked.test_loss = on_test.loss;
  tracked.test_accuracy = on_test.accuracy;
  const std::vector<MatrixF> layers = layer_activations(mlp, test.features, include_output, threads);
  tracked.analysis = analyze_layers(matrix_views(layers), settings.ks, settings.analysis, nullptr, {}, &input);
  return tracked;
}

std::vector<std::vector<double>> tracked_rho(const std::vector<TrackedEpoch>& epochs) {
  std::vector<std::vector<double>> rho;
  for (const TrackedEpoch& e : epochs) {
    rho.resize(e.analysis.coefficients.size());
    for (std::size_t ki = 0; ki < rho.size(); ++ki) rho[ki].push_back(e.analysis.coefficients[ki].pearson.r);
  }
  return rho;
}

std::vector<std::string> training_geometry_columns(bool local) {
  std::vector<std::string> columns = {"epoch",         "k",   "train_loss",      "train_accuracy",    "test_loss",
                                      "test_accuracy", "rho", "validation_loss", "validation_accuracy"};
  if (local) columns.insert(columns.end(), {"mean_layer_rho", "mean_local_rho"});
  return columns;
}

std::vector<std::vector<std::string>> training_geometry_cells(const std::vector<TrackedEpoch>& epochs, bool local) {
  std::vector<std::vector<std::string>> rows;
  for (const TrackedEpoch& e : epochs)
    for (std::size_t ki = 0; ki < e.analysis.coefficients.size(); ++ki) {
      const RicciCoefficient& c = e.analysis.coefficients[ki];
      std::vector<std::string> row = {csv_integer(static_cast<std::int64_t>(e.epoch)),
                                      e.analysis.radius > 0.0 ? "" : csv_integer(static_cast<std::int64_t>(c.k)),
                                      csv_number(e.train_loss),
                                      csv_number(e.train_accuracy),
                                      csv_number(e.test_loss),
                                      csv_number(e.test_accuracy),
                                      csv_number(c.pearson.r),
                                      csv_number(e.validation_loss),
                                      csv_number(e.validation_accuracy)};
      if (local) {
        const MeanLocalCoefficients means = mean_local_coefficients(e.analysis, ki);
        row.push_back(csv_number(means.layer));
        row.push_back(csv_number(means.local));
      }
      rows.push_back(row);
    }
  return rows;
}

Table training_layers_table(const std::vector<TrackedEpoch>& epochs) {
  Table table;
  table.header = layer_columns();
  table.header.insert(table.header.begin(), "epoch");
  for (const TrackedEpoch& e : epochs)
    for (std::vector<std::string>& row : layer_cells(e.analysis)) {
      row.insert(row.begin(), csv_integer(static_cast<std::int64_t>(e.epoch)));
      table.rows.push_back(std::move(row));
    }
  return table;
}

}  // namespace ricci
