// controls.cpp — the sections of summary.md that put every claim
// beside its control: model-level inference, trained networks against
// their baselines, and the protocol's numbers for baselines and held-out seeds.
#include <cmath>
#include <cstdio>

#include "bin/report/sections.h"

namespace ricci {

namespace {


std::string seeds_text(const std::vector<std::uint64_t>& seeds) {
  std::string text;
  for (std::size_t i = 0; i < seeds.size(); ++i) text += (i ? ", " : "") + std::to_string(seeds[i]);
  return text.empty() ? "none" : text;
}

// "mean rho -0.41 against -0.12; difference -0.29, 95% CI -0.45 to -0.12; Mann-Whitney p = 0.003"
std::string null_numbers(const NullTest& t) {
  return "mean rho " + fixed(t.trained_mean_rho) + " against " + fixed(t.baseline_mean_rho) + "; difference " +
         fixed(t.difference.difference) + ", 95% CI " + fixed(t.difference.interval.low) + " to " +
         fixed(t.difference.interval.high) + "; Mann-Whitney p = " + p_text(t.test.p_value) + "; " +
         count_text(t.trained_models) + " and " + count_text(t.baseline_models) + " models";
}

std::string verdict_text(NullVerdict verdict) {
  switch (verdict) {
    case NullVerdict::More: return "trained networks are **more Ricci-flow-like**";
    case NullVerdict::Less: return "trained networks are **less Ricci-flow-like**";
    case NullVerdict::NoDifference: return "**no clear difference**";
    case NullVerdict::Untestable: return "**not testable** (a group has no model with rho defined)";
  }
  return "";
}

std::string z_text(const OneSampleT& z) {
  return "mean z " + fixed(z.mean) + " (t = " + fixed(z.t, 2) + ", p = " + p_text(z.p_value) + ", " + count_text(z.n) +
         " models)";
}

}  // namespace

std::string baseline_models_text(Baseline baseline) {
  switch (baseline) {
    case Baseline::None: return "trained (well-trained) models";
    case Baseline::Untrained: return "untrained twins";
    case Baseline::ShuffledLabels: return "shuffled-label models";
  }
  return "";
}

std::string model_level_section(const std::vector<DatasetResult>& results) {
  std::string md =
      "\n## Model-level inference\n\n"
      "The pooled rho's p-value is a layer-pair statistic: it counts every (eta_l, Ric_l) pair as an independent "
      "observation, though the pairs of one model come from one network, and so overstates the evidence. Here the "
      "model is the unit (the well-trained models; docs/method.md, definition 7): the pooled rho's 95% bootstrap "
      "interval resampling whole models, the mean of the per-model z (Eq. 11) with a one-sample t-test, and a sign "
      "test of rho < 0 across models.\n\n"
      "| data set | k | pooled rho | p (layer pairs) | 95% CI over models | models with z | mean z | t | p | "
      "rho < 0 | sign-test p |\n"
      "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n";
  for (const DatasetResult& r : results) {
    const ModelLevel& m = r.model_level;
    md += "| `" + r.dataset + "` | " + std::to_string(r.k) + " | " + fixed(r.pooled.r) + " | " +
          p_text(r.pooled.p_value) + " | " + fixed(m.pooled_interval.low) + " to " + fixed(m.pooled_interval.high) +
          " | " + count_text(m.z.n) + " | " + fixed(m.z.mean) + " | " + fixed(m.z.t, 2) + " | " + p_text(m.z.p_value) +
          " | " + count_text(m.sign.below) + " of " + count_text(m.sign.below + m.sign.above) + " | " +
          p_text(m.sign.p_value) + " |\n";
  }
  return md;
}

std::string baselines_section(const Sweep& sweep, const std::vector<NullTest>& tests) {
  if (tests.empty()) return "";
  std::string md =
      "\n## Trained networks against baselines\n\n"
      "Is a trained network more Ricci-flow-like than the same network untrained (its twin, with the same initial "
      "weights) or trained on shuffled labels? Per data set and k, the well-trained models against every model of "
      "the baseline, each with rho_k defined: their mean rho_k, the difference of the means with a 95% bootstrap "
      "interval over models, and a two-sided Mann-Whitney U test of the per-model rho_k. More Ricci-flow-like "
      "means a negative difference with p < 0.05, at each k on its own (no correction for testing several k). "
      "Per architecture: null_tests.csv.\n\n";
  for (const ModelGroup& dataset : dataset_groups(sweep)) {
    const std::vector<Baseline> baselines = sweep_baselines(sweep);
    for (std::size_t b = 1; b < baselines.size(); ++b) {
      md += "- `" + dataset.dataset + "` against " + baseline_models_text(baselines[b]) + ":";
      std::size_t clause = 0;
      for (const NullTest& t : tests)
        if (t.trained.dataset == dataset.dataset && t.baseline == baselines[b])
          md += std::string(clause++ ? ";" : "") + " at k = " + std::to_string(t.k) + " " +
                verdict_text(null_verdict(t)) + " (" + null_numbers(t) + ")";
      md += ".\n";
    }
  }
  md += "\n| data set | baseline | k | trained models | baseline models | rho < 0, trained | rho < 0, baseline | "
        "mean rho, trained | mean rho, baseline | difference | 95% CI | p |\n"
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n";
  for (const NullTest& t : tests)
    md += "| `" + t.trained.dataset + "` | " + baseline_name(t.baseline) + " | " + std::to_string(t.k) + " | " +
          count_text(t.trained_models) + " | " + count_text(t.baseline_models) + " | " + percent(t.trained_share_negative) +
          " | " + percent(t.baseline_share_negative) + " | " + fixed(t.trained_mean_rho) + " | " +
          fixed(t.baseline_mean_rho) + " | " + fixed(t.difference.difference) + " | " +
          fixed(t.difference.interval.low) + " to " + fixed(t.difference.interval.high) + " | " +
          p_text(t.test.p_value) + " |\n";
  return md;
}

std::string protocol_controls(const Sweep& sweep, const std::vector<ArchitectureBestK>& best,
                              const std::vector<ModelProtocol>& protocol) {
  std::string md;
  const std::vector<Baseline> baselines = sweep_baselines(sweep);
  if (baselines.size() > 1) {
    md += "- The same share for each baseline at its own best k (chosen the same way from its own pooled rho): ";
    for (std::size_t b = 1; b < baselines.size(); ++b) {
      const Headline h = headline_numbers(sweep, best, protocol, baselines[b]);
      md += std::string(b > 1 ? "; " : "") + baseline_models_text(baselines[b]) + " **" + count_text(h.negative) +
            " of " + count_text(h.analysed) + " (" + percent(h.share_negative) + ")**";
    }
    md += ".\n";
  }
  if (sweep.held_out_k) {
    const SeedSplit split = seed_split(sweep);
    const std::vector<HeldOutRow> rows = held_out_rows(sweep, split);
    md += "- Held-out k (`--select-k-on half`, held_out.csv): each architecture's k chosen on seeds " +
          seeds_text(split.selection) + ", rho and z at it on seeds " + seeds_text(split.evaluation) + ": ";
    std::size_t clause = 0;
    for (const HeldOutHeadline& h : held_out_headlines(sweep, rows))
      md += std::string(clause++ ? "; " : "") + baseline_models_text(h.baseline) + " rho < 0 in **" +
            count_text(h.negative) + " of " + count_text(h.analysed) + " (" + percent(h.share_negative) + ")**, " +
            z_text(h.mean_z);
    md += ".\n";
  }
  return md;
}

}  // namespace ricci
