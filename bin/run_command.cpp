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
//
// `ricci run --study NAME` runs one of the paper's studies instead
// (bin/sweep/studies.h): the grid of its config in configs/paper/, every
// network with its untrained twin and k also chosen on held-out seeds, into
// results/NAME; `--study paper` runs every one whose data is present and
// reports them together into results/paper.
#include <algorithm>
#include <cstdio>

#include "bin/cli.h"
#include "bin/commands.h"
#include "bin/report/console.h"
#include "bin/report/format.h"
#include "bin/report/pooled.h"
#include "bin/report/report.h"
#include "bin/sweep/sweep.h"
#include "bin/sweep/config.h"
#include "bin/sweep/studies.h"
#include "data/error.h"
#include "data/files.h"

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

// The studies of --study: a config of configs/paper/ run as the paper did,
// with the controls of `ricci run` that the config leaves out. (A study of
// several configs, e.g. every data set of the paper pooled, would list
// them here.)
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

// run's options: the sweep's grid flags (no --runs: a sweep of run folders
// is ricci sweep --runs's) and its own.
std::vector<OptionSpec> run_options() {
  std::vector<OptionSpec> specs = sweep_grid_options();
  specs.erase(std::remove_if(specs.begin(), specs.end(), [](const OptionSpec& spec) { return spec.name == "runs"; }),
              specs.end());
  specs.push_back({"out", "DIR", "output directory (default results, or results/STUDY)"});
  specs.push_back({"study", "NAME", "one of the paper's studies below instead of the preset"});
  specs.push_back(threads_option(kSweepThreadsUse));
  specs.push_back({"quiet", "", "no progress on stderr"});
  specs.insert(specs.end(), resource_option_specs().begin(), resource_option_specs().end());
  return specs;
}

// The configuration of the preset (study null) or of a study, with the
// user's flags in its place.
SweepConfig run_config(const Options& given, const std::vector<std::string>& args, const Study* study) {
  std::vector<std::string> merged;
  if (study) merged.push_back("--config=" + study_config(*study));
  for (const std::string& a : study ? study_preset() : kPreset) {
    const std::string name = a.substr(2, a.find('=') - 2);
    // The preset's thresholds name its data sets: other data sets take the default.
    const bool names_datasets = name == "accuracy-threshold" && given.has("datasets");
    if (!given.has(name) && !names_datasets) merged.push_back(a);
  }
  merged.insert(merged.end(), args.begin(), args.end());
  std::vector<OptionSpec> specs = run_options();
  specs.push_back({"config", "FILE", ""});  // the study's, never the user's
  return load_sweep_config(Options(merged, specs));
}

// Runs (or continues) the sweep into `out`, then its report; the summary,
// and the report's numbers in `numbers`.
SweepSummary sweep_and_report(const SweepConfig& config, const std::string& out, const SweepRun& run,
                              const std::vector<std::string>& args, ReportNumbers& numbers) {
  // One writer per folder, for the sweep and the report (bin/experiment/folders.h).
  const auto lock = lock_output(out, Writer::Sweep, "run", args);
  const SweepSummary s = run_sweep(config, out, run);
  if (!s.interrupted) numbers = write_report(out);
  return s;
}

// --study paper: every study whose data is present, each into DIR/NAME,
// then one report over them into DIR/paper (DIR: --out, or results).
int run_paper(const Options& given, const std::vector<std::string>& args, const SweepRun& run) {
  const std::string parent = given.text("out", "results");
  std::vector<std::string> dirs;
  std::vector<std::pair<std::string, std::string>> left_out;  // name, why
  for (const Study& study : studies()) {
    SweepConfig config;
    try {
      config = run_config(given, args, &study);
    } catch (const Error& e) {
      if (e.kind() != ErrorKind::Data) throw;  // a missing data file leaves the study out; a bad flag stops
      left_out.push_back({study.name, e.what()});
      std::fprintf(stderr, "ricci run --study paper: %s left out: %s\n", study.name, e.what());
      continue;
    }
    const std::string out = join_path(parent, study.name);
    ReportNumbers numbers;
    const SweepSummary s = sweep_and_report(config, out, run, args, numbers);
    if (s.interrupted) return interrupted_exit(s, "run again to continue");
    std::printf("%s: %s (%zu trained now), %zu failed; report in %s\n", study.name,
                counted(s.models_in_shard, "model").c_str(), s.run_now, s.failed, join_path(out, "summary.md").c_str());
    dirs.push_back(out);
  }
  if (dirs.size() < 2)
    throw data_error("--study paper: " + std::to_string(dirs.size()) + " of the paper's data sets are present; a "
                     "pooled report needs two (see the lines above)");
  const std::string out = join_path(parent, kPaperStudy);
  const auto lock = lock_output(out, Writer::PooledReport, "run", args);
  const PooledNumbers n = write_pooled_report(dirs, out, left_out);
  std::printf("\nThe paper's data sets pooled (%s): well-trained networks with rho < 0 at their best k: %s of %s (%s); "
              "the paper: 1,144 of 1,227 (93.2%%)\nReport: %s\n",
              counted(dirs.size(), "sweep").c_str(), count_text(n.headlines[0].negative).c_str(),
              count_text(n.headlines[0].analysed).c_str(), percent(n.headlines[0].share_negative, "-").c_str(),
              join_path(out, "summary.md").c_str());
  return 0;
}

}  // namespace

int run_command(const std::vector<std::string>& args) {
  const std::vector<OptionSpec> specs = run_options();
  const CommandSpec command{"run", "[--study NAME] [options]",
                            "The main job: a small reproduction of \"Deep Learning as Ricci Flow\" on built-in\n"
                            "data. Trains, analyses and reports a grid of models into DIR (results/), then\n"
                            "prints a summary. Every option's default below is ricci run's own preset; any\n"
                            "sweep flag overrides it (with --datasets, the preset's thresholds, which name its\n"
                            "data sets, give way to the default, 0.98). With --study, the study's config\n"
                            "(configs/paper/) is the grid instead of the preset.\n" +
                                studies_text(),
                            with_preset_defaults(specs)};
  const std::optional<Options> given = parse_command(command, args);
  if (!given) return 0;
  SweepRun run;
  run.resume = true;  // running it again continues the same sweep
  run.threads = threads_from(*given);
  run.limits = resource_limits_from(*given);
  run.progress = show_progress(*given);
  const std::string study_name = given->text("study", "");
  if (study_name == kPaperStudy) return run_paper(*given, args, run);
  const Study* study = given->has("study") ? &find_study(study_name) : nullptr;
  const SweepConfig config = run_config(*given, args, study);
  const std::string out = given->text("out", study ? "results/" + std::string(study->name) : "results");
  ReportNumbers numbers;
  const SweepSummary s = sweep_and_report(config, out, run, args, numbers);
  if (s.interrupted) return interrupted_exit(s, "run again to continue");
  std::printf("ricci run: %s (%zu trained now), %zu failed\n\n", counted(s.models_in_shard, "model").c_str(), s.run_now,
              s.failed);
  print_numbers(numbers);
  std::printf("\nReport: %s (figures in %s)\n", join_path(out, "summary.md").c_str(), join_path(out, "figures").c_str());
  return 0;
}

}  // namespace ricci
