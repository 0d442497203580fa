// architecture_answers.cpp — each trained architecture against its controls
// at its own k, chosen in sample or on held-out seeds.
#include "flow/architecture_answers.h"

namespace ricci {

namespace {

ArchitectureAnswer answer_at(const Sweep& sweep, const ModelGroup& trained, bool found, int k) {
  ArchitectureAnswer answer;
  answer.architecture = trained;
  answer.found = found;
  answer.k = found ? k : 0;
  if (!found) return answer;
  const std::vector<Baseline> baselines = sweep_baselines(sweep);
  for (std::size_t b = 1; b < baselines.size(); ++b) answer.against.push_back(null_test(sweep, trained, baselines[b], k));
  return answer;
}

}  // namespace

std::vector<ArchitectureAnswer> best_k_answers(const Sweep& sweep, const std::vector<ArchitectureBestK>& best) {
  std::vector<ArchitectureAnswer> answers;
  for (const ModelGroup& trained : architecture_groups(sweep, Baseline::None)) {
    const ArchitectureBestK* chosen = nullptr;
    for (const ArchitectureBestK& b : best) {
      const ModelGroup& a = b.architecture;
      if (a.baseline == Baseline::None && a.dataset == trained.dataset && a.width == trained.width &&
          a.depth == trained.depth)
        chosen = &b;
    }
    answers.push_back(answer_at(sweep, trained, chosen && chosen->found, chosen ? chosen->k : 0));
  }
  return answers;
}

std::vector<ArchitectureAnswer> held_out_answers(const Sweep& sweep, const std::vector<HeldOutRow>& rows,
                                                 const SeedSplit& split) {
  std::vector<ArchitectureAnswer> answers;
  for (const ModelGroup& trained : architecture_groups(sweep, Baseline::None)) {
    const HeldOutRow* chosen = nullptr;
    for (const HeldOutRow& row : rows) {
      const ModelGroup& a = row.architecture;
      if (a.baseline == Baseline::None && a.dataset == trained.dataset && a.width == trained.width &&
          a.depth == trained.depth)
        chosen = &row;
    }
    answers.push_back(answer_at(sweep, with_seeds(sweep, trained, split.evaluation), chosen && chosen->found,
                                chosen ? chosen->k : 0));
  }
  return answers;
}

}  // namespace ricci
