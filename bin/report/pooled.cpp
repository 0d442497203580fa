// pooled.cpp — one report over several sweeps (pooled.h).
#include "bin/report/pooled.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <memory>

#include "bin/experiment/folders.h"
#include "bin/report/format.h"
#include "bin/report/report.h"
#include "bin/report/sections.h"
#include "bin/sweep/tables.h"
#include "data/error.h"
#include "data/files.h"
#include "data/folder_lock.h"
#include "data/io/json.h"
#include "flow/held_out.h"
#include "flow/result_tables.h"

namespace ricci {

namespace {

// One sweep of the pooled report with its protocol, computed inside it.
struct PooledSweep {
  std::string dir;
  Sweep sweep;
  std::vector<ArchitectureBestK> best;
  std::vector<ModelProtocol> protocol;
};

PooledSweep read_pooled_sweep(const std::string& dir) {
  PooledSweep s;
  s.dir = dir;
  s.sweep = read_sweep(dir);
  s.best = best_k_per_architecture(s.sweep, group_rows(s.sweep));
  s.protocol = model_protocol(s.sweep, s.best);
  return s;
}

// One data set per name over all the sweeps, and one convention.
void check_poolable(const std::vector<PooledSweep>& sweeps) {
  for (std::size_t a = 0; a < sweeps.size(); ++a) {
    if (sweeps[a].sweep.convention != sweeps[0].sweep.convention)
      throw usage_error("report: " + sweeps[a].dir + " was analysed under the " +
                        convention_name(sweeps[a].sweep.convention) + " convention and " + sweeps[0].dir +
                        " under " + convention_name(sweeps[0].sweep.convention) +
                        ": a pooled report needs one convention");
    for (const ModelGroup& group : dataset_groups(sweeps[a].sweep))
      for (std::size_t b = 0; b < a; ++b)
        for (const ModelGroup& other : dataset_groups(sweeps[b].sweep))
          if (group.dataset == other.dataset)
            throw usage_error("report: " + sweeps[a].dir + " and " + sweeps[b].dir + " both hold data set '" +
                              group.dataset + "': pool each data set once");
  }
}

// The baselines of every sweep, none first, then in the order met.
std::vector<Baseline> all_baselines(const std::vector<PooledSweep>& sweeps) {
  std::vector<Baseline> out;
  for (const PooledSweep& s : sweeps)
    for (Baseline b : sweep_baselines(s.sweep))
      if (std::find(out.begin(), out.end(), b) == out.end()) out.push_back(b);
  return out;
}

PooledNumbers pooled_numbers(const std::vector<PooledSweep>& sweeps) {
  PooledNumbers n;
  n.baselines = all_baselines(sweeps);
  std::vector<SweepProtocol> protocols;
  for (const PooledSweep& s : sweeps) protocols.push_back({&s.sweep, &s.protocol});
  for (Baseline baseline : n.baselines) {
    std::vector<Headline> per_sweep;
    std::vector<Headline> held_out;
    for (const PooledSweep& s : sweeps) {
      per_sweep.push_back(headline_numbers(s.sweep, s.best, s.protocol, baseline));
      if (!s.sweep.held_out_k) continue;
      for (const HeldOutHeadline& h : held_out_headlines(s.sweep, held_out_rows(s.sweep, seed_split(s.sweep))))
        if (h.baseline == baseline) {
          Headline as_headline;
          as_headline.analysed = h.analysed;
          as_headline.negative = h.negative;
          held_out.push_back(as_headline);
        }
    }
    n.headlines.push_back(pooled_headline(per_sweep));
    n.held_out.push_back(pooled_headline(held_out));
  }
  n.regression = accuracy_regression(protocols);
  return n;
}

std::string share_text(const PooledHeadline& h) {
  return count_text(h.negative) + " of " + count_text(h.analysed) + " (" + percent(h.share_negative) + ")";
}

std::string models_text(Baseline baseline) {
  return baseline == Baseline::None ? "well-trained networks" : baseline_models_text(baseline);
}

std::string pooled_section(const std::vector<PooledSweep>& sweeps, const PooledNumbers& n) {
  std::string md = "# ricciflow report: " + count_text(sweeps.size()) + " sweeps pooled\n\n"
                   "Sweeps: ";
  for (std::size_t i = 0; i < sweeps.size(); ++i) {
    std::string names;
    for (const ModelGroup& g : dataset_groups(sweeps[i].sweep)) names += (names.empty() ? "" : ", ") + ("`" + g.dataset + "`");
    md += (i ? "; " : "") + ("`" + sweeps[i].dir + "` (" + names + ")");
  }
  md += ". Convention " + std::string(convention_name(sweeps[0].sweep.convention)) +
        ". Each sweep keeps its own best k per architecture, chosen inside it (docs/method.md, the paper's "
        "protocol); the numbers below pool its models at that k. Definitions: docs/method.md.\n\n"
        "## Pooled over the sweeps\n\n";
  for (std::size_t b = 0; b < n.baselines.size(); ++b) {
    md += "- " + std::string(b == 0 ? "Trained" : "Control") + ", " + models_text(n.baselines[b]) +
          ", with rho < 0 at their best k: **" + share_text(n.headlines[b]) + "**" +
          (n.baselines[b] == Baseline::None ? " (the paper, over its data sets: 1,144 of 1,227, 93.2%)" : "") + ".\n";
  }
  for (std::size_t b = 0; b < n.baselines.size(); ++b)
    if (n.held_out[b].analysed > 0)
      md += "- Held out (k chosen on half of the seeds, rho read on the other half), " + models_text(n.baselines[b]) +
            ": **" + share_text(n.held_out[b]) + "** over " + count_text(n.held_out[b].sweeps) + " sweeps.\n";
  const RegressionTerm* z = nullptr;
  for (const RegressionTerm& term : n.regression.terms)
    if (term.name == "z") z = &term;
  md += "- Test accuracy on z + data set + width + depth over " + count_text(n.regression.n) +
        " well-trained networks of every sweep (regression.csv; R^2 = " + fixed(n.regression.r_squared) +
        "): z's estimate " + fixed(z ? z->estimate : NAN, 4) + ", **t = " + fixed(z ? z->t : NAN, 2) + ", p = " +
        p_text(z ? z->p_value : NAN) + "** (the paper: t = -2.27, p = 0.023).\n\n";
  md += "| term | estimate | std. error | t | p |\n| --- | --- | --- | --- | --- |\n";
  for (const RegressionTerm& term : n.regression.terms)
    md += "| `" + term.name + "` | " + (term.aliased ? "aliased" : fixed(term.estimate, 4)) + " | " +
          fixed(term.std_error, 4) + " | " + fixed(term.t, 2) + " | " + p_text(term.p_value) + " |\n";
  md += "\n| sweep | baseline | analysed at best k | rho < 0 | share |\n| --- | --- | --- | --- | --- |\n";
  for (const PooledSweep& s : sweeps)
    for (Baseline baseline : sweep_baselines(s.sweep)) {
      const Headline h = headline_numbers(s.sweep, s.best, s.protocol, baseline);
      md += "| `" + s.dir + "` | " + baseline_name(baseline) + " | " + count_text(h.analysed) + " | " +
            count_text(h.negative) + " | " + percent(h.share_negative) + " |\n";
    }
  return md;
}

// A sweep's own report as a section of the pooled one: its headings one
// level down, its figures linked under `figures_dir`.
std::string sweep_section(const std::string& dir, const ReportText& text, const std::string& figures_dir) {
  std::string md;
  std::size_t start = 0;
  while (start < text.markdown.size()) {
    std::size_t end = text.markdown.find('\n', start);
    if (end == std::string::npos) end = text.markdown.size();
    std::string line = text.markdown.substr(start, end - start);
    if (line.rfind("#", 0) == 0) line = "#" + line;
    for (std::size_t at = line.find("(figures/"); at != std::string::npos; at = line.find("(figures/", at + 1))
      line.replace(at + 1, 8, figures_dir + "/");
    md += line + "\n";
    start = end + 1;
  }
  return "\n---\n\n## Sweep `" + dir + "`\n\n" + md;
}

std::string slug(const std::string& text) {
  std::string out;
  for (char c : text) out += std::isalnum(static_cast<unsigned char>(c)) ? c : '-';
  return out;
}

}  // namespace

PooledNumbers write_pooled_report(const std::vector<std::string>& dirs, const std::string& out,
                                  const std::vector<std::pair<std::string, std::string>>& left_out) {
  std::vector<std::unique_ptr<FolderLock>> locks;
  for (const std::string& dir : dirs) {
    if (same_folder(dir, out)) throw usage_error("report: --out " + out + " is one of the sweeps");
    const FolderKind kind = folder_kind(dir);
    if (kind != FolderKind::Sweep)
      throw data_error(dir + " is " + folder_kind_text(dir, kind) + ", not a sweep (no sweep.json)");
    locks.push_back(std::make_unique<FolderLock>(dir, "", FolderLock::Mode::Read));
  }
  std::vector<PooledSweep> sweeps;
  for (const std::string& dir : dirs) sweeps.push_back(read_pooled_sweep(dir));
  check_poolable(sweeps);
  const PooledNumbers numbers = pooled_numbers(sweeps);
  std::string md = pooled_section(sweeps, numbers);
  if (!left_out.empty()) {
    md += "\nLeft out of the paper's seven data sets:\n\n";
    for (const auto& [name, why] : left_out) md += "- `" + name + "`: " + why + "\n";
  }
  OutputSet set = OutputSet::replacing_folder(out);
  FolderRecord record;  // the folder is ricci's whole: its record lists every file with its checksum
  record.kind = FolderKind::Report;
  const auto add = [&](const std::string& name, const std::string& bytes) {
    set.add(name, bytes);
    record.files.push_back({name, checksum_text(bytes)});
  };
  for (std::size_t i = 0; i < sweeps.size(); ++i) {
    const ReportText text = report_text(sweeps[i].dir);
    const std::string figures_dir = "figures-" + std::to_string(i + 1) + "-" + slug(dataset_groups(sweeps[i].sweep)[0].dataset);
    md += sweep_section(sweeps[i].dir, text, figures_dir);
    for (const auto& [name, svg] : text.figures) add(figures_dir + "/" + name, svg);
  }
  add("summary.md", md);
  add("regression.csv", csv_text(text_table(regression_table(numbers.regression))));
  JsonWriter json;
  json.begin_object();
  json.key("sweeps").begin_array();
  for (const std::string& dir : dirs) json.string(dir);
  json.end_array();
  json.end_object();
  add("report.json", json.str());
  set.add(kFolderMarkerName, folder_record_text(record));
  set.commit();
  return numbers;
}

}  // namespace ricci
