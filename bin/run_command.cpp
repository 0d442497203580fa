// run_command.cpp — `ricci run`: the main job. A miniature of the paper on
// its own synthetic data sets, trained, analysed and reported into results/.
//
// The grid: the paper's data sets A, B and C (paper-a, paper-b, paper-c:
// entangled spirals, linked tori and two crossing sheets), two widths, two
// depths at which the paper's Eq. 8 has 4 and 5 pairs, and four seeds (48
// models, each trained for 50 epochs with RMSprop as the paper did),
// analysed at three k; well-trained means above 99% test accuracy, 91% for
// C, whose classes overlap. Every model comes with its controls: its
// untrained twin and its twin trained on shuffled labels (144 models in
// all), and the best k is also chosen on held-out seeds (1 and 2, evaluated
// on 3 and 4). Any grid flag of `ricci sweep` overrides the preset. Running
// it again continues (or re-reports) the same sweep.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "bin/commands.h"
#include "bin/experiment/folders.h"
#include "bin/report/report.h"
#include "bin/sweep/sweep.h"
#include "bin/sweep/config.h"
#include "data/error.h"
#include "data/files.h"
#include "data/folder_lock.h"

namespace ricci {

namespace {

const std::vector<std::string> kPreset = {
    "--datasets=paper-a;paper-b;paper-c",
    "--widths=10,25",
    "--depths=5,6",
    "--seeds=1,2,3,4",
    "--epochs=50",
    "--k=30,100,200",
    "--accuracy-threshold=0.99,paper-c=0.91",
    "--baselines=untrained,shuffled-labels",
    "--select-k-on=half",
};

std::string rho_text(const Correlation& c) {
  char text[32] = "-";
  if (c.defined()) std::snprintf(text, sizeof text, "%.3f", c.r);
  return text;
}

// A p-value in two significant digits, or "-".
std::string p_text(double p) {
  char text[32] = "-";
  if (!std::isnan(p)) std::snprintf(text, sizeof text, "%.2g", p);
  return text;
}

std::string share_text(std::size_t part, std::size_t whole) {
  char text[48];
  if (whole == 0) return "-";
  std::snprintf(text, sizeof text, "%zu/%zu", part, whole);
  return text;
}

const char* short_name(Baseline baseline) {
  return baseline == Baseline::None ? "trained" : baseline == Baseline::Untrained ? "untrained" : "shuffled";
}

// The tables and lines `ricci run` prints from the report's numbers.
void print_numbers(const ReportNumbers& n) {
  std::printf("Trained, well-trained models (rho < 0 is Ricci-flow-like; neg/def: of the well-trained models\n"
              "with rho defined at k, those with rho < 0; the pooled p counts layer pairs as independent, the\n"
              "sign test counts models):\n\n");
  std::printf("%-10s %5s %9s %11s %10s %9s\n", "data set", "k", "neg/def", "pooled rho", "p (pairs)", "p (sign)");
  for (const DatasetResult& r : n.results)
    std::printf("%-10s %5d %9s %11s %10s %9s\n", r.dataset.c_str(), r.k, share_text(r.negative, r.well_trained).c_str(),
                rho_text(r.pooled).c_str(), p_text(r.pooled.p_value).c_str(),
                p_text(r.model_level.sign.p_value).c_str());
  if (n.baselines.size() > 1) {
    std::printf("\nAgainst the controls (neg/def: models with rho < 0 of those with rho defined at k, the\n"
                "well-trained ones for trained; p: Mann-Whitney U of trained against control rho; more: trained\n"
                "more Ricci-flow-like, p < 0.05):\n\n");
    // Each line is formatted whole, then printed without its trailing blanks.
    auto print_line = [](std::string line) {
      line.erase(line.find_last_not_of(' ') + 1);
      std::printf("%s\n", line.c_str());
    };
    char cell[96];
    std::snprintf(cell, sizeof cell, "%-10s %5s %9s", "", "", "trained");
    std::string group = cell;
    std::snprintf(cell, sizeof cell, "%-10s %5s %9s", "data set", "k", "neg/def");
    std::string header = cell;
    for (std::size_t b = 1; b < n.baselines.size(); ++b) {
      std::snprintf(cell, sizeof cell, " %10s %7s %5s", short_name(n.baselines[b]), "", "");
      group += cell;
      std::snprintf(cell, sizeof cell, " %10s %7s %5s", "neg/def", "p", "");
      header += cell;
    }
    print_line(group);
    print_line(header);
    for (const DatasetResult& r : n.results) {
      std::snprintf(cell, sizeof cell, "%-10s %5d %9s", r.dataset.c_str(), r.k,
                    share_text(r.negative, r.well_trained).c_str());
      std::string line = cell;
      for (const NullTest& t : n.null_tests)
        if (t.trained.dataset == r.dataset && t.k == r.k) {
          const NullVerdict verdict = null_verdict(t);
          std::snprintf(cell, sizeof cell, " %10s %7s %5s", share_text(t.baseline_negative, t.baseline_models).c_str(),
                        p_text(t.test.p_value).c_str(),
                        verdict == NullVerdict::More ? "more" : verdict == NullVerdict::Less ? "less" : "");
          line += cell;
        }
      print_line(line);
    }
  }
  std::printf("\nThe paper's protocol (best k per architecture, chosen on the same models): models with rho < 0\n"
              "of those with rho defined at their best k (well-trained ones for trained):");
  for (std::size_t b = 0; b < n.baselines.size(); ++b)
    std::printf("%s %s %s", b ? ";" : "", short_name(n.baselines[b]),
                share_text(n.headlines[b].negative, n.headlines[b].analysed).c_str());
  std::printf("\n");
  if (n.held_out) {
    std::printf("Held out (k chosen on seeds");
    for (std::size_t i = 0; i < n.split.selection.size(); ++i)
      std::printf("%s %llu", i ? "," : "", static_cast<unsigned long long>(n.split.selection[i]));
    std::printf(", rho on the other seeds): models with rho < 0 of those with rho defined:");
    for (std::size_t b = 0; b < n.held_out_headlines.size(); ++b) {
      const HeldOutHeadline& h = n.held_out_headlines[b];
      std::printf("%s %s %s", b ? ";" : "", short_name(h.baseline), share_text(h.negative, h.analysed).c_str());
    }
    std::printf("\n");
  }
}

// The options' help with the preset's value as the default: "(default
// ...)" and "(the default)" in the sweep's help give way to "(ricci run:
// VALUE)" where the preset sets the option.
std::vector<OptionSpec> with_preset_defaults(std::vector<OptionSpec> specs) {
  for (OptionSpec& spec : specs)
    for (const std::string& a : kPreset) {
      const std::size_t eq = a.find('=');
      if (a.substr(2, eq - 2) != spec.name) continue;
      std::string help = spec.help;
      for (const char* mark : {" (the default)", " (default)", " (default "}) {
        const std::size_t at = help.find(mark);
        if (at == std::string::npos) continue;
        const std::size_t close = help.find(')', at);
        help.erase(at, close == std::string::npos ? std::string::npos : close + 1 - at);
      }
      spec.help = help + " (ricci run: " + a.substr(eq + 1) + ")";
    }
  return specs;
}

}  // namespace

int run_command(const std::vector<std::string>& args) {
  std::vector<OptionSpec> specs = sweep_grid_options();
  // run trains its grid; a sweep of run folders is ricci sweep --runs's.
  specs.erase(std::remove_if(specs.begin(), specs.end(), [](const OptionSpec& spec) { return spec.name == "runs"; }),
              specs.end());
  specs.push_back({"out", "DIR", "output directory (default results)"});
  specs.push_back(threads_option(kSweepThreadsUse));
  specs.push_back({"quiet", "", "no progress on stderr"});
  specs.insert(specs.end(), resource_option_specs().begin(), resource_option_specs().end());
  const Options given(args, specs);
  if (given.help()) {
    std::fputs(usage_text("run", "[options]",
                          "The main job: a small reproduction of \"Deep Learning as Ricci Flow\" on built-in\n"
                          "data. Trains, analyses and reports a grid of models into DIR (results/), then\n"
                          "prints a summary. Every option's default below is ricci run's own preset; any\n"
                          "sweep flag overrides it (with --datasets, the preset's thresholds, which name its\n"
                          "data sets, give way to the default, 0.98).",
                          with_preset_defaults(specs))
                   .c_str(),
               stdout);
    return 0;
  }
  if (!given.positional().empty()) throw usage_error("run: unexpected argument '" + given.positional()[0] + "'");
  // The preset, then the user's flags in its place.
  std::vector<std::string> merged;
  for (const std::string& a : kPreset) {
    const std::string name = a.substr(2, a.find('=') - 2);
    // The preset's thresholds name its data sets: other data sets take the default.
    const bool names_datasets = name == "accuracy-threshold" && given.has("datasets");
    if (!given.has(name) && !names_datasets) merged.push_back(a);
  }
  merged.insert(merged.end(), args.begin(), args.end());
  const Options options(merged, specs);
  const SweepConfig config = load_sweep_config(options);
  const std::string out = options.text("out", "results");
  const int threads = threads_from(options);
  const ResourceLimits limits = resource_limits_from(options);
  // One writer per folder, for the sweep and the report (bin/experiment/folders.h).
  const FolderLock lock(out, command_line("run", args));
  check_writable(out, Writer::Sweep);

  const SweepSummary s =
      run_sweep(config, out, Shard{}, /*resume=*/true, threads, show_progress(options.flag("quiet")), limits);
  if (s.interrupted) return interrupted_exit(s, "run again to continue");
  const ReportNumbers numbers = write_report(out);
  std::printf("ricci run: %s (%zu trained now), %zu failed\n\n", counted(s.models_in_shard, "model").c_str(), s.run_now,
              s.failed);
  print_numbers(numbers);
  std::printf("\nReport: %s (figures in %s)\n", join_path(out, "summary.md").c_str(), join_path(out, "figures").c_str());
  return 0;
}

}  // namespace ricci
