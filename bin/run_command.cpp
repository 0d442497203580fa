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
// `ricci run --study NAME` runs one of the paper's studies instead: the grid
// of its config in configs/paper/ (kStudies), every network with its
// untrained twin and k also chosen on held-out seeds, into results/NAME.
#include <limits.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>

#include "bin/cli.h"
#include "bin/commands.h"
#include "bin/report/console.h"
#include "bin/report/report.h"
#include "bin/sweep/sweep.h"
#include "bin/sweep/config.h"
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
struct Study {
  const char* name;
  const char* config;  // under the project's folder
  const char* about;
};
const Study kStudies[] = {
    {"fmnist", "configs/paper/fmnist59.ini",
     "Fashion-MNIST, sandals (5) against ankle boots (9) (apt-get install dataset-fashion-mnist)"},
    {"paper-a", "configs/paper/paper-a.ini", "the paper's synthetic data set A, the paper's grid"},
    {"paper-b", "configs/paper/paper-b.ini", "the paper's synthetic data set B, the paper's grid"},
    {"paper-c", "configs/paper/paper-c.ini", "the paper's synthetic data set C, the paper's grid"},
};
const std::vector<std::string> kStudyPreset = {"--baselines=untrained", "--select-k-on=half"};

std::string studies_text() {
  std::string text = "\nStudies (--study NAME; into results/NAME unless --out):\n";
  for (const Study& study : kStudies) {
    char line[64];
    std::snprintf(line, sizeof line, "  %-17s", study.name);
    text += line + std::string(study.about) + "\n";
  }
  return text + "each with --baselines untrained and --select-k-on half; flags override the config.";
}

const Study& find_study(const std::string& name) {
  std::string names;
  for (const Study& study : kStudies) {
    if (name == study.name) return study;
    names += (names.empty() ? "" : ", ") + std::string(study.name);
  }
  throw usage_error("--study: expected one of " + names + ", got '" + name + "'");
}

// The project folder above the binary's (build/ricci's parent), "" when unknown.
std::string binary_project_folder() {
  char exe[PATH_MAX];
  const ssize_t size = ::readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (size <= 0) return "";
  exe[size] = '\0';
  std::string folder(exe);
  folder = folder.substr(0, folder.rfind('/')) + "/..";
  char resolved[PATH_MAX];
  return ::realpath(folder.c_str(), resolved) ? resolved : "";
}

// The study's config: under the current directory (the project root), or
// else under the project folder of the binary (build/..).
std::string study_config(const Study& study) {
  if (file_exists(study.config)) return study.config;
  const std::string project = binary_project_folder();
  const std::string beside = project.empty() ? "" : join_path(project, study.config);
  if (!beside.empty() && file_exists(beside)) return beside;
  throw data_error(std::string(study.config) + ": no such file in the current directory" +
                   (project.empty() ? "" : " or " + project) + "; --study " + study.name +
                   " reads it from the project's folder (run ricci from there)");
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
  specs.push_back({"out", "DIR", "output directory (default results, or results/STUDY)"});
  specs.push_back({"study", "NAME", "one of the paper's studies below instead of the preset"});
  specs.push_back(threads_option(kSweepThreadsUse));
  specs.push_back({"quiet", "", "no progress on stderr"});
  specs.insert(specs.end(), resource_option_specs().begin(), resource_option_specs().end());
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
  const Study* study = given->has("study") ? &find_study(given->text("study", "")) : nullptr;
  // The preset (or the study's config and controls), then the user's flags in its place.
  std::vector<std::string> merged;
  if (study) merged.push_back("--config=" + study_config(*study));
  for (const std::string& a : study ? kStudyPreset : kPreset) {
    const std::string name = a.substr(2, a.find('=') - 2);
    // The preset's thresholds name its data sets: other data sets take the default.
    const bool names_datasets = name == "accuracy-threshold" && given->has("datasets");
    if (!given->has(name) && !names_datasets) merged.push_back(a);
  }
  merged.insert(merged.end(), args.begin(), args.end());
  specs.push_back({"config", "FILE", ""});  // the study's, never the user's
  const Options options(merged, specs);
  const SweepConfig config = load_sweep_config(options);
  const std::string out = options.text("out", study ? "results/" + std::string(study->name) : "results");
  SweepRun run;
  run.resume = true;  // running it again continues the same sweep
  run.threads = threads_from(options);
  run.limits = resource_limits_from(options);
  run.progress = show_progress(options);
  // One writer per folder, for the sweep and the report (bin/experiment/folders.h).
  const auto lock = lock_output(out, Writer::Sweep, "run", args);
  const SweepSummary s = run_sweep(config, out, run);
  if (s.interrupted) return interrupted_exit(s, "run again to continue");
  const ReportNumbers numbers = write_report(out);
  std::printf("ricci run: %s (%zu trained now), %zu failed\n\n", counted(s.models_in_shard, "model").c_str(), s.run_now,
              s.failed);
  print_numbers(numbers);
  std::printf("\nReport: %s (figures in %s)\n", join_path(out, "summary.md").c_str(), join_path(out, "figures").c_str());
  return 0;
}

}  // namespace ricci
