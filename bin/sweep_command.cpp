// sweep_command.cpp — `ricci sweep`: train and analyse every model of a grid
// (or analyse the models of run folders, bin/sweep/runs.h), safe to
// interrupt, shardable across machines, extensible (bin/sweep/extend.h).
// The engine is run_sweep (bin/sweep/sweep.h).
#include <cstdio>

#include "bin/cli.h"
#include "bin/commands.h"
#include "bin/experiment/experiment.h"
#include "bin/sweep/config.h"
#include "bin/sweep/sweep.h"
#include "data/error.h"

namespace ricci {

namespace {

CommandSpec sweep_spec() {
  CommandSpec command{"sweep", "(--config FILE | grid flags | --runs DIR...) --out DIR [options]",
                      "Trains and analyses one model per point of the grid datasets x depths x widths\n"
                      "x seeds (with --baselines, each again untrained or on shuffled labels), or\n"
                      "analyses the models of run folders (--runs), writing models.csv, layers.csv\n"
                      "and groups.csv into DIR. Interrupt it with Ctrl-C or SIGTERM (the models in\n"
                      "hand finish) and continue with --resume.",
                      {{"config", "FILE", "INI file with the grid (flags override it)"}},
                      /*positional=*/true};  // --runs DIR...: the arguments after the first folder
  std::vector<OptionSpec>& specs = command.options;
  specs.insert(specs.end(), sweep_grid_options().begin(), sweep_grid_options().end());
  const std::vector<OptionSpec> own = {
      {"out", "DIR", "output directory (required)"},
      {"shard", "I/N", "run only the models whose grid index is I mod N"},
      {"resume", "", "continue the sweep in DIR, skipping finished models"},
      {"extend", "", "with --resume: add the seeds, ks or run folders given after the sweep's own\n"
                     "(a new k analyses the saved networks; a sweep without them trains again)"},
      {"from", "SWEEP", "analyse the networks SWEEP saved again, with the analysis options given\n"
                        "(--k, --convention, ...), training nothing; the same files as a sweep run\n"
                        "anew with those options"},
      threads_option(kSweepThreadsUse),
      {"quiet", "", "no progress on stderr"},
  };
  specs.insert(specs.end(), own.begin(), own.end());
  specs.insert(specs.end(), resource_option_specs().begin(), resource_option_specs().end());
  return command;
}

}  // namespace

int sweep_command(const std::vector<std::string>& args) {
  const std::optional<Options> parsed = parse_command(sweep_spec(), args);
  if (!parsed) return 0;
  const Options& options = *parsed;
  if (!options.positional().empty() && !options.has("runs"))
    throw usage_error("sweep: unexpected argument '" + options.positional()[0] + "'");
  const std::string out = required_out(options, "sweep");
  SweepRun run;
  run.from = options.text("from", "");
  SweepConfig config;
  if (options.has("from")) {
    for (const char* refused : {"shard", "extend"})
      if (options.has(refused))
        throw usage_error("--" + std::string(refused) + ": not with --from, which analyses the sweep in " + run.from +
                          " as it is (its shard too)");
    if (same_folder(run.from, out)) throw usage_error("--from and --out name the same folder: give a new --out");
    const SweepFile held = reanalysis_config(options, run.from);
    config = held.config;
    run.shard = held.shard;
  } else {
    config = load_sweep_config(options, options.positional());
    run.shard = options.has("shard") ? parse_shard(options.text("shard", "")) : Shard{};
  }
  run.threads = threads_from(options);
  run.limits = resource_limits_from(options);
  run.progress = show_progress(options);
  run.resume = options.flag("resume");
  run.extend = options.flag("extend");
  const auto lock = lock_output(out, Writer::Sweep, "sweep", args);
  if (run.extend && !run.resume) throw usage_error("--extend applies to --resume");
  const SweepSummary s = run_sweep(config, out, run);
  if (s.interrupted) return interrupted_exit(s, "continue with --resume");
  std::printf("sweep: %s done (%zu now, %zu already), %zu failed; results in %s\n",
              counted(s.already_done + s.run_now, "model").c_str(), s.run_now, s.already_done, s.failed, out.c_str());
  return 0;
}

}  // namespace ricci
