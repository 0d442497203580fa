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
                     "(a new k trains every finished model again)"},
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
  const SweepConfig config = load_sweep_config(options, options.positional());
  SweepRun run;
  run.shard = options.has("shard") ? parse_shard(options.text("shard", "")) : Shard{};
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
