// sections.h — the parts of summary.md that put every claim beside
// its control (bin/report/controls.cpp), say what was found and embed the
// figures (bin/report/findings.cpp), and the number formats the whole
// report shares. Every number comes from flow/ (groups.h, null_tests.h,
// held_out.h, protocol.h); these format it.
#pragma once

#include <string>
#include <vector>

#include "bin/report/figures.h"
#include "bin/report/format.h"
#include "flow/architecture_answers.h"
#include "flow/held_out.h"
#include "flow/null_tests.h"
#include "flow/protocol.h"
#include "flow/summary.h"

namespace ricci {

// How the report names a baseline's models: "untrained twins", "shuffled-label models".
std::string baseline_models_text(Baseline baseline);

// "## Model-level inference": per data set and k, the pooled rho with its
// layer-pair p-value and both bootstrap intervals beside the mean z with its
// t-test and the sign test, and a note that pooled p-values count layer
// pairs as independent.
std::string model_level_section(const std::vector<DatasetResult>& results);

// "## Trained networks against baselines": per data set and baseline, in
// words, whether the trained networks are more Ricci-flow-like at each k,
// with the numbers (dataset_null_tests), then the table; empty when the
// sweep has no baseline models.
std::string baselines_section(const Sweep& sweep, const std::vector<NullTest>& tests);

// The protocol section's lines on controls: each baseline's share of rho < 0
// at its own best k, and with --select-k-on half the held-out numbers of
// every group; empty when there are neither.
std::string protocol_controls(const Sweep& sweep, const std::vector<ArchitectureBestK>& best,
                              const std::vector<ModelProtocol>& protocol);

// "## What was found, per architecture": each architecture at its own best
// k against each control (`in_sample`, best_k_answers), then, with `split`
// (--select-k-on half), at the k of the selection seeds over the evaluation
// seeds (`held_out`, held_out_answers); `baselines` says whether the sweep
// has controls.
std::string architectures_section(const std::vector<ArchitectureAnswer>& in_sample,
                                  const std::vector<ArchitectureAnswer>& held_out, const SeedSplit* split,
                                  bool baselines);

// "## What was found, pooled over architectures": per data set, in words, the best k (the most
// negative pooled rho), the share of well-trained models with rho < 0 there
// with the sign test over models, the correlation of rho with test accuracy
// across models at that k (`with_accuracy`, rho_accuracy_across_models),
// and each control at the same k (`tests`, dataset_null_tests); `baselines`
// says whether the sweep has controls.
std::string findings_section(const std::vector<DatasetResult>& results, const std::vector<NullTest>& tests,
                             const std::vector<ModelsRhoAccuracy>& with_accuracy, bool baselines);

// "## The Ricci-flow regulariser against plain training": per data set and
// lambda, regularised networks against their twins with paired tests and a
// sentence saying whether the regulariser helped, hurt or did nothing
// measurable (flow/ricci_flow_comparison.h); empty without regularised
// networks. `best`: the architectures' best ks, chosen on the twins.
std::string regulariser_section(const Sweep& sweep, const std::vector<ArchitectureBestK>& best);

// "## Figures": per data set, its figures of all ks and those at its best k
// embedded (the first k where there is no best k), links to the rest, then
// the figures of all data sets.
std::string figures_section(const std::vector<ReportFigure>& figures, const std::vector<DatasetResult>& results);

}  // namespace ricci
