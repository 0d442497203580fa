// bin_sweep_attack.cpp — `--attack` in a sweep: models.csv's columns after
// epochs hold each network's test accuracy under the attack, equal to the
// attack recomputed (nn/attack.h) from the network the sweep saved and the
// data prepared as the sweep prepares it; a re-analysis of the saved
// networks (--from) gives the same bytes; `ricci report --outcome` names
// a column, and refuses one the sweep lacks.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "data/files.h"
#include "data/io/table.h"
#include "data/sets/prepare.h"
#include "nn/attack.h"
#include "nn/model_io.h"
#include "test/cli_support.h"

using namespace ricci;
using ricci_test::Run;
using ricci_test::run_ricci;
using ricci_test::TempDir;

TEST_CASE("sweep --attack: models.csv columns equal the attacks recomputed on the saved networks") {
  TempDir tmp;
  const std::string grid =
      " --datasets 'circles:n=200;spirals:n=210,classes=3,turns=1' --widths 8 --depths 3 --seeds 1,2 --epochs 6 "
      "--k 5 --baselines untrained --attack 'fgsm:0.05,0.2;pgd:0.2,steps=3,step=0.1' --quiet";
  REQUIRE(run_ricci(tmp, "sweep" + grid + " --out " + (tmp / "s")).exit_code == 0);
  const Table models = read_csv_table(tmp / "s/models.csv");
  const std::vector<std::string> expected = {"epochs", "fgsm_accuracy_eps0.05", "fgsm_accuracy_eps0.2",
                                             "pgd_accuracy_eps0.2", "rho_k5"};
  const std::size_t epochs = models.column("epochs", "models.csv");
  for (std::size_t i = 0; i < expected.size(); ++i) CHECK(models.header[epochs + i] == expected[i]);
  const std::vector<Attack> attacks = parse_attacks("fgsm:0.05,0.2;pgd:0.2,steps=3,step=0.1");
  REQUIRE(models.rows.size() == 8);
  for (std::size_t m : {0, 3, 5, 6}) {  // trained and untrained, binary and three classes
    CAPTURE(m);
    DataOptions options;
    options.spec = m % 4 < 2 ? "circles:n=200" : "spirals:n=210,classes=3,turns=1";
    const PreparedData data = prepare_data(options);
    const Mlp<float> mlp = load_model(tmp / ("s/models/" + std::to_string(m) + ".bin"));
    CHECK(mlp.output_width() == (m % 4 < 2 ? 1u : 3u));
    const InputRange range = input_range(data.train);
    for (std::size_t a = 0; a < attacks.size(); ++a)
      CHECK(models.rows[m][epochs + 1 + a] == csv_number(attacked_accuracy(mlp, data.test, attacks[a], range)));
  }
  // The saved networks analysed again: the same models.csv.
  REQUIRE(run_ricci(tmp, "sweep --from " + (tmp / "s") + " --quiet --out " + (tmp / "again")).exit_code == 0);
  CHECK(read_file(tmp / "again/models.csv") == read_file(tmp / "s/models.csv"));

  const Run report = run_ricci(tmp, "report " + (tmp / "s") + " --outcome pgd_accuracy_eps0.2");
  REQUIRE(report.exit_code == 0);
  const std::string summary = read_file(tmp / "s/summary.md");
  CHECK(summary.find("- `pgd_accuracy_eps0.2` on z + data set + width + depth") != std::string::npos);
  CHECK(summary.find("## Accuracy under attack") != std::string::npos);
  const Run missing = run_ricci(tmp, "report " + (tmp / "s") + " --outcome pgd_accuracy_eps0.3");
  CHECK(missing.exit_code == 2);
  CHECK(missing.err.find("--outcome: the sweep's models have no outcome 'pgd_accuracy_eps0.3'") != std::string::npos);
  // A bad spec is one usage error, and nothing is written.
  const Run bad = run_ricci(tmp, "sweep --attack fgsm:-1 --quiet --out " + (tmp / "bad"));
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("--attack: eps must be a number") != std::string::npos);
  CHECK_FALSE(file_exists(tmp / "bad/models.csv"));
}
