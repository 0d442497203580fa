// run_command.cpp — `ricci run`: the main job. A miniature of the paper on
// its own synthetic data sets, trained, analysed and reported into results/.
//
// The grid: the paper's data sets A, B and C (paper-a, paper-b, paper-c:
// entangled spirals, linked tori and two crossing sheets), two widths, two
// depths at which the paper's Eq. 8 has 4 and 5 pairs, and four seeds (48
// models, each trained for 50 epochs with RMSprop as the paper did),
// analysed at three k; well-trained means above 99% test accuracy, 91% for
// C, whose classes overlap. Any grid flag of `ricci sweep` overrides the
// preset. Running it again continues (or re-reports) the same sweep.
#include <cmath>
#include <cstdio>

#include "bin/commands.h"
#include "bin/folders.h"
#include "bin/report.h"
#include "bin/sweep.h"
#include "bin/sweep_config.h"
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
};

}  // namespace

int run_command(const std::vector<std::string>& args) {
  std::vector<OptionSpec> specs = sweep_grid_options();
  specs.push_back({"out", "DIR", "output directory (default results)"});
  specs.push_back(threads_option(kSweepThreadsUse));
  specs.push_back({"quiet", "", "no progress on stderr"});
  specs.insert(specs.end(), resource_option_specs().begin(), resource_option_specs().end());
  const Options given(args, specs);
  if (given.help()) {
    std::string preset;
    for (const std::string& a : kPreset) preset += "  " + a + "\n";
    std::fputs(usage_text("run", "[options]",
                          "The main job: a small reproduction of \"Deep Learning as Ricci Flow\" on built-in\n"
                          "data. Trains, analyses and reports a grid of models into DIR (results/), then\n"
                          "prints a summary. The preset grid (any sweep flag overrides it; with --datasets\n"
                          "the preset's thresholds, which name its data sets, give way to the default):\n" + preset,
                          specs)
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
  // One writer per folder, for the sweep and the report (bin/folders.h).
  const FolderLock lock(out, command_line("run", args));
  check_writable(out, Writer::Sweep);

  const SweepSummary s =
      run_sweep(config, out, Shard{}, /*resume=*/true, threads, show_progress(options.flag("quiet")), limits);
  if (s.interrupted) return interrupted_exit(s, "run again to continue");
  const std::vector<DatasetResult> results = write_report(out);
  std::printf("ricci run: %zu models (%zu trained now), %zu failed\n\n", s.models_in_shard, s.run_now, s.failed);
  std::printf("%-14s %5s %14s %10s %12s %10s\n", "data set", "k", "well-trained", "rho < 0", "pooled rho", "p");
  for (const DatasetResult& r : results) {
    char rho[32] = "-", p[32] = "-";
    if (r.pooled.defined()) {
      std::snprintf(rho, sizeof rho, "%.3f", r.pooled.r);
      std::snprintf(p, sizeof p, "%.2g", r.pooled.p_value);
    }
    std::printf("%-14s %5d %14zu %10zu %12s %10s\n", r.dataset.c_str(), r.k, r.well_trained, r.negative, rho, p);
  }
  std::printf("\nrho < 0 is Ricci-flow-like. Report: %s (figures in %s)\n", join_path(out, "summary.md").c_str(),
              join_path(out, "figures").c_str());
  return 0;
}

}  // namespace ricci
