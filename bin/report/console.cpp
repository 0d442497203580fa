// console.cpp — the tables `ricci run` prints (console.h).
#include "bin/report/console.h"

#include <cstdio>

#include "bin/report/format.h"

namespace ricci {

namespace {

std::string rho_text(const Correlation& c) { return c.defined() ? fixed(c.r, 3) : "-"; }

std::string share_text(std::size_t part, std::size_t whole) {
  char text[48];
  if (whole == 0) return "-";
  std::snprintf(text, sizeof text, "%zu/%zu", part, whole);
  return text;
}

const char* short_name(Baseline baseline) {
  return baseline == Baseline::None ? "trained" : baseline == Baseline::Untrained ? "untrained" : "shuffled";
}

// Per architecture, its k and each control against the trained networks,
// one line per architecture.
void print_answers(const std::vector<ArchitectureAnswer>& answers) {
  char cell[160];
  std::snprintf(cell, sizeof cell, "%-10s %6s %5s %5s %9s", "data set", "width", "depth", "k", "trained");
  std::string header = cell;
  for (const ArchitectureAnswer& a : answers) {  // the controls' columns, from an architecture that has them
    for (const NullTest& t : a.against) {
      std::snprintf(cell, sizeof cell, " %10s %7s", short_name(t.baseline), "p");
      header += cell;
    }
    if (!a.against.empty()) break;
  }
  std::printf("%s\n", header.c_str());
  for (const ArchitectureAnswer& a : answers) {
    std::string line;
    std::snprintf(cell, sizeof cell, "%-10s %6s %5zu %5s", a.architecture.dataset.c_str(), a.architecture.width.c_str(),
                  a.architecture.depth, a.found ? std::to_string(a.k).c_str() : "-");
    line = cell;
    for (std::size_t b = 0; b < a.against.size(); ++b) {
      const NullTest& t = a.against[b];
      if (b == 0) {
        std::snprintf(cell, sizeof cell, " %9s", share_text(t.trained_negative, t.trained_models).c_str());
        line += cell;
      }
      const NullVerdict verdict = null_verdict(t);
      std::snprintf(cell, sizeof cell, " %10s %7s %5s", share_text(t.baseline_negative, t.baseline_models).c_str(),
                    p_text(t.test.p_value, "-").c_str(),
                    verdict == NullVerdict::More ? "more" : verdict == NullVerdict::Less ? "less" : "");
      line += cell;
    }
    line.erase(line.find_last_not_of(' ') + 1);
    std::printf("%s\n", line.c_str());
  }
}

}  // namespace

void print_numbers(const ReportNumbers& n) {
  std::printf("Trained, well-trained models (rho < 0 is Ricci-flow-like; neg/def: of the well-trained models\n"
              "with rho defined at k, those with rho < 0; the pooled p counts layer pairs as independent, the\n"
              "sign test counts models):\n\n");
  std::printf("%-10s %5s %9s %11s %10s %9s\n", "data set", "k", "neg/def", "pooled rho", "p (pairs)", "p (sign)");
  for (const DatasetResult& r : n.results)
    std::printf("%-10s %5d %9s %11s %10s %9s\n", r.dataset.c_str(), r.k, share_text(r.negative, r.well_trained).c_str(),
                rho_text(r.pooled).c_str(), p_text(r.pooled.p_value, "-").c_str(),
                p_text(r.model_level.sign.p_value, "-").c_str());
  if (n.baselines.size() > 1) {
    std::printf("\nAgainst the controls (neg/def: models with rho < 0 of those with rho defined at k, the\n"
                "well-trained ones for trained; p: Mann-Whitney U of trained against control rho; more: trained\n"
                "more Ricci-flow-like, p < 0.05):\n\n");
    // Each line is formatted whole, then printed without its trailing blanks.
    auto print_line = [](std::string line) {
      line.erase(line.find_last_not_of(' ') + 1);
      std::printf("%s\n", line.c_str());
    };
    char cell[96];
    std::snprintf(cell, sizeof cell, "%-10s %5s %9s", "", "", "trained");
    std::string group = cell;
    std::snprintf(cell, sizeof cell, "%-10s %5s %9s", "data set", "k", "neg/def");
    std::string header = cell;
    for (std::size_t b = 1; b < n.baselines.size(); ++b) {
      std::snprintf(cell, sizeof cell, " %10s %7s %5s", short_name(n.baselines[b]), "", "");
      group += cell;
      std::snprintf(cell, sizeof cell, " %10s %7s %5s", "neg/def", "p", "");
      header += cell;
    }
    print_line(group);
    print_line(header);
    for (const DatasetResult& r : n.results) {
      std::snprintf(cell, sizeof cell, "%-10s %5d %9s", r.dataset.c_str(), r.k,
                    share_text(r.negative, r.well_trained).c_str());
      std::string line = cell;
      for (const NullTest& t : n.null_tests)
        if (t.trained.dataset == r.dataset && t.k == r.k) {
          const NullVerdict verdict = null_verdict(t);
          std::snprintf(cell, sizeof cell, " %10s %7s %5s", share_text(t.baseline_negative, t.baseline_models).c_str(),
                        p_text(t.test.p_value, "-").c_str(),
                        verdict == NullVerdict::More ? "more" : verdict == NullVerdict::Less ? "less" : "");
          line += cell;
        }
      print_line(line);
    }
  }
  std::printf("\nThe paper's protocol (best k per architecture, chosen on the same models): models with rho < 0\n"
              "of those with rho defined at their best k (well-trained ones for trained):");
  for (std::size_t b = 0; b < n.baselines.size(); ++b)
    std::printf("%s %s %s", b ? ";" : "", short_name(n.baselines[b]),
                share_text(n.headlines[b].negative, n.headlines[b].analysed).c_str());
  std::printf("\n");
  if (n.held_out) {
    std::printf("Held out (k chosen on seeds");
    for (std::size_t i = 0; i < n.split.selection.size(); ++i)
      std::printf("%s %llu", i ? "," : "", static_cast<unsigned long long>(n.split.selection[i]));
    std::printf(", rho on the other seeds): models with rho < 0 of those with rho defined:");
    for (std::size_t b = 0; b < n.held_out_headlines.size(); ++b) {
      const HeldOutHeadline& h = n.held_out_headlines[b];
      std::printf("%s %s %s", b ? ";" : "", short_name(h.baseline), share_text(h.negative, h.analysed).c_str());
    }
    std::printf("\n");
  }
  if (n.baselines.size() > 1 && !n.architecture_answers.empty()) {
    std::printf("\nPer architecture, at its own best k (neg/def as above; p: Mann-Whitney U of trained against\n"
                "control rho at that k; more/less: trained more/less Ricci-flow-like, p < 0.05):\n\n");
    print_answers(n.architecture_answers);
    if (n.held_out) {
      std::printf("\nPer architecture, k chosen on the selection seeds, networks of the other seeds only:\n\n");
      print_answers(n.held_out_answers);
    }
  }
}

}  // namespace ricci
