// architecture_answers.h — the study's question asked per architecture
// (docs/method.md, "Per-architecture answers"): at the k where an
// architecture's trained networks look most Ricci-flow-like, do they look
// more so than the same networks untrained (or trained on shuffled labels)?
//
// For each trained architecture (data set x width x depth, baseline none):
//
//   best k      the architecture's own best k (protocol.h,
//               best_k_per_architecture, over its well-trained models);
//               every control is read at that same k, so the comparison is
//               not one selection against another
//   held out    the k chosen on the selection half of the seeds
//               (held_out.h), and both groups restricted to the
//               evaluation half: trained networks and their twins of the
//               seeds that took no part in choosing k
//   against     one NullTest (null_tests.h) per control of the sweep: the
//               trained group's analysed models with rho_k defined against
//               the twins of the same data set, width, depth and seeds;
//               share with rho < 0, mean rho, the difference of means
//               with its bootstrap interval, the Mann-Whitney p
//
// An architecture without a best k (no pooled rho defined) has no tests.
// The data-set level pool (null_tests.h, dataset_null_tests) is the same
// question asked of all architectures at once; these come first because
// each architecture chooses its own k.
#pragma once

#include <cstdint>
#include <vector>

#include "flow/groups.h"
#include "flow/held_out.h"
#include "flow/null_tests.h"
#include "flow/protocol.h"

namespace ricci {

struct ArchitectureAnswer {
  ModelGroup architecture;  // the trained group, members as used (held out: the evaluation half's)
  bool found = false;       // whether the architecture has a k
  int k = 0;
  std::vector<NullTest> against;  // one per control (sweep_baselines, none left out); empty when !found
};

// Each trained architecture at its own best k (`best`: best_k_per_architecture),
// in the order of architecture_groups(sweep).
std::vector<ArchitectureAnswer> best_k_answers(const Sweep& sweep, const std::vector<ArchitectureBestK>& best);

// Each trained architecture at the k chosen on the selection seeds
// (`rows`: held_out_rows with `split`), trained models and twins of the
// evaluation seeds only.
std::vector<ArchitectureAnswer> held_out_answers(const Sweep& sweep, const std::vector<HeldOutRow>& rows,
                                                 const SeedSplit& split);

}  // namespace ricci
