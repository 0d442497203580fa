// architectures.cpp — summary.md's "What was found, per architecture": each
// architecture at its own k against each control, in sample and held out.
// Every number comes from flow/architecture_answers.h; this formats it.
#include "bin/report/sections.h"

namespace ricci {

namespace {

std::string share_of(std::size_t part, std::size_t whole, double share) {
  return whole == 0 ? "–" : std::to_string(part) + "/" + std::to_string(whole) + " (" + percent(share) + ")";
}

const char* verdict_text(const NullTest& t) {
  switch (null_verdict(t)) {
    case NullVerdict::More: return "**more**";
    case NullVerdict::Less: return "**less**";
    case NullVerdict::NoDifference: return "no clear difference";
    case NullVerdict::Untestable: return "not testable";
  }
  return "";
}

// One table of answers, a row per architecture and control.
std::string answers_table(const std::vector<ArchitectureAnswer>& answers) {
  std::string md =
      "| data set | width | depth | k | trained rho < 0 | trained mean rho | control | control rho < 0 | "
      "control mean rho | difference (95% CI) | Mann-Whitney p | trained vs control |\n"
      "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n";
  for (const ArchitectureAnswer& a : answers) {
    const std::string head = "| `" + a.architecture.dataset + "` | " + a.architecture.width + " | " +
                             std::to_string(a.architecture.depth) + " | ";
    if (!a.found) {
      md += head + "– | no k: no pooled rho defined | | | | | | | |\n";
      continue;
    }
    for (const NullTest& t : a.against)
      md += head + std::to_string(a.k) + " | " +
            share_of(t.trained_negative, t.trained_models, t.trained_share_negative) + " | " +
            fixed(t.trained_mean_rho) + " | " + baseline_models_text(t.baseline) + " | " +
            share_of(t.baseline_negative, t.baseline_models, t.baseline_share_negative) + " | " +
            fixed(t.baseline_mean_rho) + " | " + fixed(t.difference.difference) + " (" +
            fixed(t.difference.interval.low) + " to " + fixed(t.difference.interval.high) + ") | " +
            p_text(t.test.p_value) + " | " + verdict_text(t) + " |\n";
  }
  return md;
}

std::string seeds_text(const std::vector<std::uint64_t>& seeds) {
  std::string text;
  for (std::size_t i = 0; i < seeds.size(); ++i) text += (i ? ", " : "") + std::to_string(seeds[i]);
  return text.empty() ? "none" : text;
}

}  // namespace

std::string architectures_section(const std::vector<ArchitectureAnswer>& in_sample,
                                  const std::vector<ArchitectureAnswer>& held_out, const SeedSplit* split,
                                  bool baselines) {
  std::string md = "\n## What was found, per architecture\n\n";
  if (!baselines)
    return md + "This sweep has no controls to read the architectures against: run it with `--baselines "
                "untrained` (each network's untrained twin).\n";
  md += "The study's question, asked of each architecture (data set x width x depth) on its own: at the k "
        "where its trained networks look most Ricci-flow-like, do they look more so than the same networks "
        "untrained (or trained on shuffled labels)? Trained: the well-trained networks with rho defined at "
        "k; control: the twins of the same data set, width, depth and seeds that ran, with rho defined. "
        "rho < 0 is Ricci-flow-like; a negative difference of mean rho with Mann-Whitney p < 0.05 says "
        "**more** Ricci-flow-like than the control, a positive one **less**.\n\n"
        "### At each architecture's best k\n\n"
        "k: the architecture's own best k (best_k.csv), the most negative pooled rho of its trained "
        "networks, chosen on these same networks, so the trained side is favoured by construction; each "
        "control is read at that k.\n\n";
  md += answers_table(in_sample);
  if (split) {
    md += "\n### With k chosen on held-out seeds\n\nk chosen per architecture on seeds " +
          seeds_text(split->selection) + " (held_out.csv); trained networks and controls of seeds " +
          seeds_text(split->evaluation) + " only, which took no part in choosing it.\n\n";
    md += answers_table(held_out);
  }
  return md + "\nThe data-set level pool below asks the same question of all a data set's architectures at "
              "once, at one k for them all.\n";
}

}  // namespace ricci
