// experiment.cpp — shared flag parsing and one model's training.
#include "bin/experiment/experiment.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <limits>
#include <new>

#include "data/error.h"
#include "data/sets/scaling.h"
#include "flow/analysis.h"
#include "geom/knn.h"
#include "geom/ollivier.h"

namespace ricci {

namespace {

const std::vector<OptionSpec> kDataOptions = {
    {"classes", "A,B[,C...]", "keep classes A and B, relabelled 0 and 1 (a binary task, sigmoid output); with\n"
                              "more classes, or all, a C-class task (softmax output), relabelled 0..C-1 in order"},
    {"scale", "HOW", "none, unit (pixels / 255; default for idx:, csv: and cifar:) or standard"},
    {"limit", "N", "use a stratified sample of at most N points of the data"},
    {"test-fraction", "F", "stratified test share of the data (default 0.3)"},
    {"test-per-class", "N", "keep N test points of each class (balanced; Hehl et al. use 500)"},
    {"split-seed", "S", "seed of the train/test split, --limit and --test-per-class (default 1)"},
};

const std::vector<OptionSpec> kTrainingOptions = {
    {"optimizer", "NAME", "sgd, adam or rmsprop (default rmsprop, as the paper)"},
    {"lr", "X", "learning rate (default: 0.01 sgd, 0.001 adam and rmsprop)"},
    {"momentum", "X", "momentum of sgd or rmsprop (default 0)"},
    {"weight-decay", "X", "L2 weight decay (default 0)"},
    {"epochs", "N", "maximum epochs (default 50); 0: the network at initialisation"},
    {"batch", "N", "minibatch size (default 32)"},
    {"target-accuracy", "A", "stop once the training accuracy reaches A"},
    {"validation-fraction", "F", "hold out this share of the training set for validation"},
    {"patience", "P", "stop once the validation loss has not improved for P epochs, keeping the last\n"
                      "epoch's weights (needs --validation-fraction)"},
    {"ricci-flow", "LAMBDA", "add LAMBDA x the Ricci-flow step penalty to the loss (experimental;\n"
                             "docs/training.md; default 0: off); in a sweep a list, a grid axis"},
    {"ricci-flow-k", "K", "neighbours per anchor in the penalty's k-NN graphs (default 10)"},
    {"ricci-flow-step", "TAU", "the penalty's flow step tau, in (0, 1] (default 0.5)"},
    {"ricci-flow-anchors", "M", "training points the penalty is computed on, drawn afresh each epoch\n"
                                "(default 64)"},
    {"ricci-flow-every", "R", "the penalty on every R-th step, weighted R (default 8)"},
};

const std::vector<OptionSpec> kAttackOptions = {
    {"attack", "SPEC", "also the test accuracy under adversarial attack (L-infinity, inputs clipped to\n"
                       "the data's range): fgsm:EPS[,EPS...] and/or pgd:EPS[,EPS...],steps=S,step=A,\n"
                       "';'-separated; columns fgsm_accuracy_eps<EPS>, pgd_accuracy_eps<EPS>"},
};

const std::vector<OptionSpec> kResourceOptions = {
    {"max-input", "SIZE", "largest input to read into memory from a gzip file or a pipe,\n"
                          "e.g. 2G or 500M (default 1G)"},
    {"allow-large", "", "accept models and grids beyond the sane sizes (see README)"},
};

// "2G", "500M", "64K" or a number of bytes; a usage error otherwise.
std::size_t parse_size(const std::string& text) {
  std::size_t digits = 0;
  while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
  const std::string unit = text.substr(digits);
  const int shift = unit.empty() ? 0 : unit == "K" ? 10 : unit == "M" ? 20 : unit == "G" ? 30 : unit == "T" ? 40 : -1;
  if (digits == 0 || digits > 12 || shift < 0)
    throw usage_error("--max-input: expected a size such as 2G, 500M or 1048576, got '" + text + "'");
  const unsigned long long value = std::stoull(text.substr(0, digits));
  if (value == 0 || value > (std::numeric_limits<std::size_t>::max() >> shift) >> 1)
    throw usage_error("--max-input: " + text + " is out of range");
  return static_cast<std::size_t>(value) << shift;
}

}  // namespace

const std::vector<OptionSpec>& resource_option_specs() { return kResourceOptions; }

ResourceLimits resource_limits_from(const Options& options) {
  ResourceLimits limits;
  if (options.has("max-input")) limits.max_input = parse_size(options.text("max-input", ""));
  limits.allow_large = options.flag("allow-large");
  return limits;
}

double model_memory_bytes(std::size_t inputs, std::size_t width, std::size_t depth, std::size_t batch,
                          std::size_t train_points, std::size_t test_points, std::size_t outputs) {
  const double d = static_cast<double>(inputs), w = static_cast<double>(width), layers = static_cast<double>(depth);
  const double o = static_cast<double>(outputs);
  const double parameters = d * w + (layers - 1) * w * w + w * o + layers * w + o;
  const double floats = 4 * parameters + 4 * static_cast<double>(batch) * w * layers +
                        2 * static_cast<double>(train_points) * std::max(d, w) +
                        static_cast<double>(test_points) * (d + w * layers);
  return 4 * floats;
}

void check_model_size(std::size_t inputs, std::size_t width, std::size_t depth, std::size_t batch,
                      std::size_t train_points, std::size_t test_points, const ResourceLimits& limits,
                      std::size_t outputs) {
  const double bytes = model_memory_bytes(inputs, width, depth, batch, train_points, test_points, outputs);
  if (bytes > kSaneModelBytes && !limits.allow_large)
    throw usage_error("--width, --depth: a " + std::to_string(inputs) + "-" + std::to_string(width) + "x" +
                      std::to_string(depth) + "-" + std::to_string(outputs) + " model on " + std::to_string(train_points) + " points needs about " +
                      byte_size_text(static_cast<std::size_t>(std::min(bytes, 1e18))) +
                      " of memory, more than the sane " + byte_size_text(static_cast<std::size_t>(kSaneModelBytes)) +
                      "; pass --allow-large if you mean it");
}

double analysis_memory_bytes(std::size_t n, const std::vector<std::size_t>& widths, const std::vector<int>& ks,
                             const AnalysisOptions& options) {
  const double points = static_cast<double>(n);
  double layers = 0, widest = 0;
  for (std::size_t w : widths) {
    layers += 4 * points * static_cast<double>(w);
    widest = std::max(widest, static_cast<double>(w));
  }
  const double threads = std::max(1, options.geometry.threads);
  const double per_thread = threads * points * 48;  // a geodesic search's state and sums
  if (ks.empty()) return layers + 8 * points * widest + per_thread;
  const double k_max = *std::max_element(ks.begin(), ks.end());
  const bool per_edge = options.geometry.curvature != Curvature::Forman || options.local || !options.labels.empty() ||
                        options.keep_graphs;
  double graphs = 0;  // every k's graph of one layer
  for (int k : ks) graphs += points * (8.0 * k + 8) + (per_edge ? points * 16.0 * k : 0);
  const double search = 8 * points * widest + 12 * points * k_max + 8 * points;  // the layer as doubles, its lists
  const double building = 36 * points * k_max;  // one k's lists, arcs and slots while its graph is built (measured)
  double total = layers + search + building + graphs + per_thread;
  if (options.local) total += graphs;  // the previous layer's
  if (options.keep_graphs && widths.size() > 1) total += static_cast<double>(widths.size() - 1) * graphs;
  return total;
}

double machine_memory_bytes() {
  const long pages = ::sysconf(_SC_PHYS_PAGES), page = ::sysconf(_SC_PAGE_SIZE);
  double memory = pages > 0 && page > 0 ? static_cast<double>(pages) * static_cast<double>(page) : 0;
  // A container's limit (cgroup v2, then v1), when it is lower.
  for (const char* path : {"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"}) {
    std::FILE* file = std::fopen(path, "r");
    if (!file) continue;
    unsigned long long limit = 0;
    const bool number = std::fscanf(file, "%llu", &limit) == 1;
    std::fclose(file);
    if (number && limit > 0 && (memory == 0 || static_cast<double>(limit) < memory)) memory = static_cast<double>(limit);
  }
  return memory;
}

void check_analysis_memory(std::size_t n, const std::vector<std::size_t>& widths, const std::vector<int>& ks,
                           const AnalysisOptions& options, const ResourceLimits& limits, std::size_t parallel) {
  if (limits.allow_large) return;
  const double bytes = static_cast<double>(parallel) * analysis_memory_bytes(n, widths, ks, options);
  const double machine = machine_memory_bytes();
  if (machine <= 0 || bytes <= machine) return;
  const std::string k_text = ks.empty() ? "" : " at k up to " + std::to_string(*std::max_element(ks.begin(), ks.end()));
  throw usage_error(std::string("--k") + (options.local ? ", --local" : "") + (options.keep_graphs ? ", --export-graph" : "") +
                    ": analysing " + (parallel > 1 ? std::to_string(parallel) + " models at once, each of " : "") +
                    counted(widths.size(), "layer") + " of " + std::to_string(n) + " points" + k_text +
                    " needs about " + byte_size_text(static_cast<std::size_t>(std::min(bytes, 1e18))) +
                    " of memory, more than this machine's " + byte_size_text(static_cast<std::size_t>(machine)) +
                    "; choose smaller ks (or fewer points), or pass --allow-large if you mean it");
}

const std::vector<OptionSpec>& data_option_specs() { return kDataOptions; }
const std::vector<OptionSpec>& attack_option_specs() { return kAttackOptions; }

std::vector<Attack> attacks_from(const Options& options) {
  return options.has("attack") ? parse_attacks(options.text("attack", "")) : std::vector<Attack>{};
}

std::vector<double> attack_accuracies(const Mlp<float>& mlp, const PreparedData& data, const std::vector<Attack>& attacks,
                                      int threads) {
  std::vector<double> accuracies;
  if (attacks.empty()) return accuracies;
  const InputRange range = input_range(data.train);
  for (const Attack& attack : attacks) accuracies.push_back(attacked_accuracy(mlp, data.test, attack, range, threads));
  return accuracies;
}
const std::vector<OptionSpec>& training_option_specs() { return kTrainingOptions; }

DataOptions data_options_from(const Options& options, const std::string& spec) {
  DataOptions d;
  d.spec = spec;
  d.test_spec = options.text("test", "");
  d.classes = options.text("classes", "");
  d.test_fraction = options.real("test-fraction", 0.3, 1e-9, 1.0 - 1e-9);
  if (options.has("test") && options.has("test-fraction"))
    throw usage_error("give --test or --test-fraction, not both");
  d.split_seed = static_cast<std::uint64_t>(options.integer("split-seed", 1, 0, INT64_MAX));
  d.scaling = options.has("scale") ? parse_scaling(options.text("scale", "")) : default_scaling(spec);
  d.limit = static_cast<std::size_t>(options.integer("limit", 0, 1, INT64_MAX));
  d.test_per_class = static_cast<std::size_t>(options.integer("test-per-class", 0, 1, INT64_MAX));
  if (!d.classes.empty()) parse_classes(d.classes);  // a usage error before any file is read
  return d;
}

TrainOptions training_options_from(const Options& options, bool ricci_flow_list) {
  const OptimizerKind kind = parse_optimizer(options.text("optimizer", "rmsprop"));
  TrainOptions t;
  t.optimizer = default_optimizer_settings(kind);
  t.optimizer.lr = options.real("lr", t.optimizer.lr, 1e-300, 1e6);
  t.optimizer.momentum = options.real("momentum", 0.0, 0.0, 0.999999);
  if (options.has("momentum") && kind == OptimizerKind::Adam)
    throw usage_error("--momentum applies to sgd and rmsprop, not adam");
  t.optimizer.weight_decay = options.real("weight-decay", 0.0, 0.0, 1e6);
  t.epochs = static_cast<std::size_t>(options.integer("epochs", 50, 0, 10000000));
  t.batch = static_cast<std::size_t>(options.integer("batch", 32, 1, 1 << 24));
  t.target_accuracy = options.real("target-accuracy", 0.0, 0.0, 1.0);
  t.validation_fraction = options.real("validation-fraction", 0.0, 0.0, 1.0 - 1e-9);
  t.patience = static_cast<std::size_t>(options.integer("patience", 0, 1, 10000000));
  if (t.patience > 0 && !(t.validation_fraction > 0.0))
    throw usage_error("--patience watches the validation loss: give --validation-fraction F");
  // The Ricci-flow regulariser (docs/method.md, definition 16).
  bool regularised = false;
  if (ricci_flow_list) {
    for (double lambda : options.real_list("ricci-flow", 0.0, 1e6)) regularised = regularised || lambda > 0.0;
  } else {
    t.ricci_flow.lambda = options.real("ricci-flow", 0.0, 0.0, 1e6);
    regularised = t.ricci_flow.lambda > 0.0;
  }
  t.ricci_flow.k = static_cast<std::size_t>(options.integer("ricci-flow-k", 10, 1, 1 << 24));
  t.ricci_flow.step = options.real("ricci-flow-step", 0.5, 1e-12, 1.0);
  t.ricci_flow.anchors = static_cast<std::size_t>(options.integer("ricci-flow-anchors", 64, 2, 1 << 24));
  t.ricci_flow.every = static_cast<std::size_t>(options.integer("ricci-flow-every", 8, 1, 1 << 24));
  for (const char* name : {"ricci-flow-k", "ricci-flow-step", "ricci-flow-anchors", "ricci-flow-every"})
    if (options.has(name) && !regularised)
      throw usage_error("--" + std::string(name) + " applies to the Ricci-flow penalty: give --ricci-flow LAMBDA > 0");
  if (regularised && t.ricci_flow.k >= t.ricci_flow.anchors)
    throw usage_error("--ricci-flow-k: k = " + std::to_string(t.ricci_flow.k) + " needs fewer neighbours than the " +
                      std::to_string(t.ricci_flow.anchors) + " anchors (--ricci-flow-anchors)");
  return t;
}

std::vector<std::size_t> hidden_widths(const std::string& entry, std::size_t depth, const std::string& option) {
  auto whole = [&](const std::string& text) {
    Options single({"--" + option.substr(2), text}, {{option.substr(2), "W", ""}});
    return static_cast<std::size_t>(single.integer(option.substr(2), 0, 1, kMaxWidth));
  };
  const std::size_t slash = entry.find('/');
  if (slash == std::string::npos) return std::vector<std::size_t>(depth, whole(entry));
  if (depth < 3)
    throw usage_error(option + ": a bottleneck W/B needs at least 3 hidden layers, got depth " + std::to_string(depth));
  return bottleneck_widths(whole(entry.substr(0, slash)), whole(entry.substr(slash + 1)), depth);
}

TrainOptions ricci_flow_training(const ModelSettings& settings) {
  TrainOptions training = settings.training;
  if (!(training.ricci_flow.lambda > 0.0)) return training;
  training.ricci_flow.seed = settings.seed;
  training.ricci_flow.stream = kAnchorStream;
  const int threads = training.threads;
  training.pair_curvature = [threads](const MatrixF& points, std::size_t k) {
    const KnnLists lists = exact_knn(points, static_cast<int>(k), threads);
    return PairCurvatures{lists.neighbors, knn_pair_ollivier(lists, 0.0, threads)};
  };
  return training;
}

TrainedModel train_model(const PreparedData& data, const ModelSettings& settings, const EpochCallback& on_epoch) {
  TrainedModel model;
  model.mlp = make_mlp<float>(data.train.features.cols(), settings.hidden, output_width_for(data.classes));
  Rng init_rng(settings.seed, kInitStream), train_rng(settings.seed, kTrainStream);
  init_weights(model.mlp, settings.init, init_rng);
  Dataset shuffled;
  if (settings.shuffle_labels) {
    Rng label_rng(settings.seed, kLabelStream);
    shuffled = with_shuffled_labels(data.train, label_rng);
  }
  const Dataset& train = settings.shuffle_labels ? shuffled : data.train;
  const int threads = settings.training.threads;

  // Tracking (bin/experiment/tracking.h): epoch 0 here, then every N epochs from the
  // epoch callback, and the last epoch after training if it was not one.
  TrackingSettings tracking = settings.tracking;
  tracking.analysis.geometry.threads = threads;
  if (tracking.analysis.geometry.convention == Convention::Standard) tracking.analysis.labels = data.test.labels;
  LayerGraphs input;
  auto track = [&](std::size_t epoch, const Mlp<float>& mlp, const EpochRecord* record) {
    const auto begin = std::chrono::steady_clock::now();
    TrackedEpoch tracked = track_epoch(epoch, mlp, train, data.test, tracking, input, settings.include_output);
    if (record && record->val_loss >= 0.0) {
      tracked.validation_loss = record->val_loss;
      tracked.validation_accuracy = record->val_accuracy;
    }
    model.tracked.push_back(std::move(tracked));
    model.tracking_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
  };
  if (tracking.every > 0) {
    const auto begin = std::chrono::steady_clock::now();
    input = layer_graphs(data.test.features, 0, tracking.ks, tracking.analysis);
    model.tracking_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
    track(0, model.mlp, nullptr);
  }
  const EpochCallback watch = [&](std::size_t epoch, const EpochRecord& record, const Mlp<float>& mlp) {
    bool go_on = on_epoch ? on_epoch(epoch, record, mlp) : true;
    if (epoch % tracking.every == 0) {
      track(epoch, mlp, &record);
      if (tracking.stop_when_stable && rho_stable(tracked_rho(model.tracked), tracking.stability)) {
        model.stopped_when_stable = true;
        go_on = false;
      }
    }
    return go_on;
  };

  const double tracking_before = model.tracking_seconds;
  const auto start = std::chrono::steady_clock::now();
  model.result = train_mlp(model.mlp, train, ricci_flow_training(settings), train_rng,
                           tracking.every > 0 ? watch : on_epoch);
  model.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() -
                  (model.tracking_seconds - tracking_before);
  const std::vector<EpochRecord>& history = model.result.history;
  if (tracking.every > 0 && model.tracked.back().epoch != history.size())
    track(history.size(), model.mlp, &history.back());
  // On the points trained on: without the validation part, as train_points counts them.
  const Dataset& trained_on = model.result.train_part;
  // Accuracy and loss from one forward pass each (nn/mlp.h evaluate: the
  // same numbers, bit for bit, as accuracy() and mlp_loss()).
  const Evaluation on_train = evaluate(model.mlp, trained_on, threads);
  model.train_accuracy = on_train.accuracy;
  model.train_loss = on_train.loss;
  model.result.train_part = Dataset{};  // not kept while the model is analysed
  const Evaluation on_test = evaluate(model.mlp, data.test, threads);
  model.test_accuracy = on_test.accuracy;
  model.test_loss = on_test.loss;
  model.layers = layer_activations(model.mlp, data.test.features, settings.include_output, threads);
  model.attack_accuracy = attack_accuracies(model.mlp, data, settings.attacks, threads);
  if (!settings.attacks.empty()) model.attack_range = input_range(data.train);
  return model;
}

Error out_of_memory(const PreparedData& data, const ModelSettings& settings) {
  std::string architecture = std::to_string(data.train.features.cols());
  for (std::size_t w : settings.hidden) architecture += "-" + std::to_string(w);
  const std::size_t widest = *std::max_element(settings.hidden.begin(), settings.hidden.end());
  const std::size_t outputs = output_width_for(data.classes);
  return data_error("out of memory training a " + architecture + "-" + std::to_string(outputs) + " model on " +
                    std::to_string(data.train.labels.size()) + " points (--width, --depth, --batch; " +
                    byte_size_text(static_cast<std::size_t>(std::min(
                        1e18, model_memory_bytes(data.train.features.cols(), widest, settings.hidden.size(),
                                                 settings.training.batch, data.train.labels.size(),
                                                 data.test.labels.size(), outputs)))) +
                    " estimated, every layer as wide as the widest)");
}

}  // namespace ricci
