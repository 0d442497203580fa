// bin_sweep_from.cpp — the networks a sweep keeps (bin/sweep/networks.h):
// `ricci sweep --from` analyses them again with other analysis settings and
// gives, byte for byte, the files of the sweep run anew with them; it
// refuses training flags, tracking, a changed or mixed network file and an
// unfinished sweep; `--resume --extend` with new ks analyses the saved
// networks; a kill between a network and its rows leaves neither behind.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "data/files.h"
#include "data/io/table.h"
#include "test/cli_support.h"

using namespace ricci;
using ricci_test::Run;
using ricci_test::run_ricci;
using ricci_test::run_shell;
using ricci_test::TempDir;

namespace {

const std::string kGrid =
    " --datasets 'circles:n=240,noise=0.1;swiss-roll:n=240' --widths 6,8/4 --depths 4 --seeds 1,2 --epochs 4 "
    "--baselines untrained --accuracy-threshold 0.6 --quiet";

// The files of a folder and its subfolders, by relative path.
std::vector<std::string> files_in(const std::string& dir, const std::string& prefix = "") {
  std::vector<std::string> files;
  for (const std::string& name : list_directory(join_path(dir, prefix))) {
    const std::string path = prefix.empty() ? name : prefix + "/" + name;
    if (name == ".ricci-lock") continue;
    if (!file_exists(join_path(dir, path + "/."))) files.push_back(path);
    else for (const std::string& file : files_in(dir, path)) files.push_back(file);
  }
  return files;
}

// Both folders hold the same files with the same bytes (their locks aside).
void check_same_folder(const std::string& a, const std::string& b) {
  const std::vector<std::string> files = files_in(a);
  CHECK(files == files_in(b));
  for (const std::string& file : files) {
    CAPTURE(file);
    CHECK(read_file(join_path(a, file)) == read_file(join_path(b, file)));
  }
}

// The file's text with its rows sorted by model index (stable: a model's
// rows keep their order).
std::string by_model(const std::string& path) {
  Table t = read_csv_table(path);
  std::stable_sort(t.rows.begin(), t.rows.end(), [](const auto& a, const auto& b) { return std::stoul(a[0]) < std::stoul(b[0]); });
  return csv_text(t);
}

}  // namespace

TEST_CASE("sweep --from: other analysis settings give the files of the sweep run anew with them, byte for byte") {
  TempDir tmp;
  REQUIRE(run_ricci(tmp, "sweep" + kGrid + " --k 5,12 --out " + (tmp / "s1")).exit_code == 0);
  // Every model that ran kept its network, listed with its checksum.
  CHECK(files_in(tmp / "s1").size() > 8);
  for (int m = 0; m < 16; ++m) CHECK(file_exists(tmp / ("s1/models/" + std::to_string(m) + ".bin")));
  CHECK(read_file(tmp / "s1/weights.csv").rfind("model,dataset,width,depth,seed,baseline,file,bytes,checksum\n", 0) == 0);

  const std::string s2 = " --k 5,20 --k-frac 0.05 --curvature augmented-forman --ties all --local --include-input "
                         "--select-k-on half";
  const Run from = run_ricci(tmp, "sweep --from " + (tmp / "s1") + s2 + " --quiet --threads 2 --out " + (tmp / "f2"));
  REQUIRE(from.exit_code == 0);
  CHECK(from.out.find("16 models done (16 now, 0 already)") != std::string::npos);
  REQUIRE(run_ricci(tmp, "sweep" + kGrid + s2 + " --out " + (tmp / "s2")).exit_code == 0);
  check_same_folder(tmp / "f2", tmp / "s2");

  // The same settings reproduce the sweep; a re-analysis, analysed again
  // (its own settings but for the ks), is that sweep's too.
  REQUIRE(run_ricci(tmp, "sweep --from " + (tmp / "s1") + " --quiet --out " + (tmp / "f1")).exit_code == 0);
  check_same_folder(tmp / "f1", tmp / "s1");
  REQUIRE(run_ricci(tmp, "sweep --from " + (tmp / "f2") + " --k 5,12 --quiet --out " + (tmp / "f21")).exit_code == 0);
  REQUIRE(run_ricci(tmp, "sweep --from " + (tmp / "s2") + " --k 5,12 --quiet --out " + (tmp / "s21")).exit_code == 0);
  check_same_folder(tmp / "f21", tmp / "s21");
  CHECK(read_file(tmp / "f21/sweep.json").find("\"k\": [\n      5,\n      12\n    ]") != std::string::npos);
  // Under the paper-r convention (its own ties), against a fresh sweep.
  REQUIRE(run_ricci(tmp, "sweep --from " + (tmp / "s1") + " --convention paper-r --quiet --out " + (tmp / "fr")).exit_code == 0);
  REQUIRE(run_ricci(tmp, "sweep" + kGrid + " --k 5,12 --convention paper-r --out " + (tmp / "sr")).exit_code == 0);
  check_same_folder(tmp / "fr", tmp / "sr");
}

// The cells of the row of summary.md's table that starts with `label` (the
// header of the paper-beside-ours table for an empty label).
std::vector<std::string> table_row(const std::string& markdown, const std::string& label) {
  const std::size_t at = markdown.find(label.empty() ? "| | the paper" : "| " + label + " |");
  REQUIRE(at != std::string::npos);
  const std::string line = markdown.substr(at, markdown.find('\n', at) - at);
  std::vector<std::string> cells;
  std::size_t from = 1;
  for (std::size_t bar; (bar = line.find('|', from)) != std::string::npos; from = bar + 1)
    cells.push_back(line.substr(from + 1, bar - from - 2));
  return cells;
}

TEST_CASE("report --beside: a re-analysis of the same networks under paper-r is a column of the protocol table") {
  TempDir tmp;
  const std::string grid = " --datasets 'circles:n=200,noise=0.1' --widths 6 --depths 4 --epochs 4 --k 5,12 "
                           "--accuracy-threshold 0.6 --quiet";
  REQUIRE(run_ricci(tmp, "sweep" + grid + " --seeds 1,2,3 --out " + (tmp / "s")).exit_code == 0);
  REQUIRE(run_ricci(tmp, "sweep --from " + (tmp / "s") + " --convention paper-r --quiet --out " + (tmp / "r")).exit_code == 0);
  REQUIRE(run_ricci(tmp, "report " + (tmp / "r") + " --quiet").exit_code == 0);
  REQUIRE(run_ricci(tmp, "report " + (tmp / "s") + " --quiet").exit_code == 0);
  const std::string alone = read_file(tmp / "s/summary.md");
  REQUIRE(run_ricci(tmp, "report " + (tmp / "s") + " --beside " + (tmp / "r") + " --quiet").exit_code == 0);
  const std::string both = read_file(tmp / "s/summary.md"), theirs = read_file(tmp / "r/summary.md");

  // The header names both conventions; each row holds the paper's value,
  // the sweep's own (as in its report alone) and the re-analysis's (as in
  // its own report).
  const std::vector<std::string> header = table_row(both, "");
  REQUIRE(header.size() == 4);
  CHECK(header[2] == "ours (`standard`)");
  CHECK(header[3] == "ours (`paper-r`, r)");
  for (const std::string row : {"well-trained models with rho < 0 at their best k", "best k as a share of the test set",
                                "test accuracy ~ z: t, p"}) {
    CAPTURE(row);
    const std::vector<std::string> cells = table_row(both, row), own = table_row(alone, row),
                                   other = table_row(theirs, row);
    REQUIRE(cells.size() == 4);
    REQUIRE(own.size() == 3);
    REQUIRE(other.size() == 3);
    CHECK(cells[1] == own[1]);
    CHECK(cells[2] == own[2]);
    CHECK(cells[3] == other[2]);
  }

  // Other networks (another seed grid) are refused, and the report is left as it was.
  REQUIRE(run_ricci(tmp, "sweep" + grid + " --seeds 4,5 --out " + (tmp / "o")).exit_code == 0);
  const Run other = run_ricci(tmp, "report " + (tmp / "s") + " --beside " + (tmp / "o"));
  CHECK(other.exit_code == 1);
  CHECK(other.err.find("does not hold the networks of") != std::string::npos);
  CHECK(read_file(tmp / "s/summary.md") == both);
  CHECK(run_ricci(tmp, "report " + (tmp / "s") + " " + (tmp / "r") + " --beside " + (tmp / "r") + " --out " +
                           (tmp / "pooled")).exit_code == 2);
}

TEST_CASE("sweep --from refuses training flags, tracking, a changed or mixed network and an unfinished sweep") {
  TempDir tmp;
  const std::string grid = " --datasets circles:n=200 --widths 6 --depths 3 --seeds 1,2 --epochs 3 --k 5 --quiet";
  REQUIRE(run_ricci(tmp, "sweep" + grid + " --out " + (tmp / "s")).exit_code == 0);
  for (const char* flag : {"--lr 0.1", "--epochs 9", "--seeds 1", "--widths 7", "--track-every 1", "--classes 0,1"}) {
    CAPTURE(flag);
    const Run refused = run_ricci(tmp, "sweep --from " + (tmp / "s") + " " + flag + " --out " + (tmp / "x"));
    CHECK(refused.exit_code == 2);
    CHECK(refused.err.find(std::string(flag).substr(0, std::string(flag).find(' ')) + ": --from trains nothing") !=
          std::string::npos);
  }
  // --k auto searches the rebuilt networks as a fresh sweep searches the trained ones.
  REQUIRE(run_ricci(tmp, "sweep --from " + (tmp / "s") + " --k auto --quiet --out " + (tmp / "auto")).exit_code == 0);
  REQUIRE(run_ricci(tmp, "sweep --datasets circles:n=200 --widths 6 --depths 3 --seeds 1,2 --epochs 3 --k auto --quiet "
                         "--out " + (tmp / "auto-fresh")).exit_code == 0);
  check_same_folder(tmp / "auto", tmp / "auto-fresh");
  CHECK(run_ricci(tmp, "sweep --from " + (tmp / "s") + " --extend --resume --out " + (tmp / "x")).exit_code == 2);
  CHECK(run_ricci(tmp, "sweep --from " + (tmp / "s") + " --out " + (tmp / "s")).exit_code == 2);
  CHECK(run_ricci(tmp, "sweep --from " + (tmp / "nothing") + " --out " + (tmp / "x")).exit_code == 2);
  // A sweep that tracked its training.
  REQUIRE(run_ricci(tmp, "sweep" + grid + " --track-every 1 --out " + (tmp / "tracked")).exit_code == 0);
  const Run tracked = run_ricci(tmp, "sweep --from " + (tmp / "tracked") + " --out " + (tmp / "x"));
  CHECK(tracked.exit_code == 2);
  CHECK(tracked.err.find("--track-every") != std::string::npos);
  CHECK(!file_exists(tmp / "x/models.csv"));

  // A network file changed since: its checksum no longer matches.
  REQUIRE(run_shell("cp -r " + (tmp / "s") + " " + (tmp / "changed") + " && printf 'X' | dd of=" +
                    (tmp / "changed/models/1.bin") + " bs=1 seek=40 conv=notrunc 2>/dev/null") == 0);
  const Run changed = run_ricci(tmp, "sweep --from " + (tmp / "changed") + " --out " + (tmp / "x"));
  CHECK(changed.exit_code == 1);
  CHECK(changed.err.find("models/1.bin: not the file weights.csv records") != std::string::npos);
  CHECK(!file_exists(tmp / "x/sweep.json"));  // checked before anything is written

  // Model 1's network in model 0's place, weights.csv edited to match: its
  // test accuracy or loss, rebuilt, are not model 0's.
  REQUIRE(run_shell("cp -r " + (tmp / "s") + " " + (tmp / "mixed") + " && cd " + (tmp / "mixed") +
                    " && cp models/1.bin models/0.bin && sed -i '2s/,[0-9a-f]*$/,'$(sed -n 3p weights.csv | sed "
                    "'s/.*,//')'/' weights.csv") == 0);
  const Run mixed = run_ricci(tmp, "sweep --from " + (tmp / "mixed") + " --out " + (tmp / "x2"));
  CHECK(mixed.exit_code == 1);
  CHECK(mixed.err.find("model 0: its network, rebuilt, has test accuracy") != std::string::npos);

  // A sweep whose last model never committed.
  REQUIRE(run_shell("cp -r " + (tmp / "s") + " " + (tmp / "unfinished") + " && sed -i '$d' " +
                    (tmp / "unfinished/models.csv")) == 0);
  const Run unfinished = run_ricci(tmp, "sweep --from " + (tmp / "unfinished") + " --out " + (tmp / "x"));
  CHECK(unfinished.exit_code == 2);
  CHECK(unfinished.err.find("has not finished model 1") != std::string::npos);
}

TEST_CASE("sweep --resume: a network without its rows is removed, and the model run again") {
  TempDir tmp;
  const std::string grid = " --datasets circles:n=200 --widths 6 --depths 3 --seeds 1,2,3 --epochs 3 --k 5 --quiet";
  REQUIRE(run_ricci(tmp, "sweep" + grid + " --out " + (tmp / "whole")).exit_code == 0);
  // What a kill after model 2's network and rows, before its models.csv
  // row, leaves (its rows are dropped on resume), and a network of no model.
  REQUIRE(run_shell("cp -r " + (tmp / "whole") + " " + (tmp / "killed") + " && sed -i '$d' " +
                    (tmp / "killed/models.csv") + " && cp " + (tmp / "whole/models/0.bin") + " " +
                    (tmp / "killed/models/7.bin")) == 0);
  const Run resumed = run_ricci(tmp, "sweep" + grid + " --resume --out " + (tmp / "killed"));
  REQUIRE(resumed.exit_code == 0);
  CHECK(resumed.out.find("3 models done (1 now, 2 already)") != std::string::npos);
  check_same_folder(tmp / "killed", tmp / "whole");
}

TEST_CASE("sweep --resume --extend with new ks analyses the saved networks; without them it trains again") {
  TempDir tmp;
  const std::string grid = " --datasets circles:n=200 --widths 6 --depths 3 --epochs 3 --baselines untrained --quiet";
  REQUIRE(run_ricci(tmp, "sweep" + grid + " --seeds 1,2 --k 5 --out " + (tmp / "ext")).exit_code == 0);
  REQUIRE(run_ricci(tmp, "sweep" + grid + " --seeds 1,2,3 --k 5,9 --out " + (tmp / "whole")).exit_code == 0);
  REQUIRE(run_shell("cp -r " + (tmp / "ext") + " " + (tmp / "old") + " && rm -r " + (tmp / "old/models") + " " +
                    (tmp / "old/weights.csv") + " && cp -r " + (tmp / "ext") + " " + (tmp / "mixed") + " && cd " +
                    (tmp / "mixed") + " && cp models/1.bin models/0.bin && sed -i '2s/,[0-9a-f]*$/,'$(sed -n 3p "
                    "weights.csv | sed 's/.*,//')'/' weights.csv") == 0);
  // The saved networks are what is analysed: model 1's network in model
  // 0's place is refused, and nothing changes.
  const std::string before = read_file(tmp / "mixed/models.csv");
  const Run mixed = run_ricci(tmp, "sweep" + grid + " --seeds 1,2 --k 5,9 --resume --extend --out " + (tmp / "mixed"));
  CHECK(mixed.exit_code == 1);
  CHECK(mixed.err.find("its network, rebuilt, has test accuracy") != std::string::npos);
  CHECK(read_file(tmp / "mixed/models.csv") == before);
  // New ks and new seeds: the sweep started with them (a new seed renumbers
  // the models and their networks), whether the networks were saved or not.
  for (const char* folder : {"ext", "old"}) {
    CAPTURE(folder);
    REQUIRE(run_ricci(tmp, "sweep" + grid + " --seeds 1,2 --k 5,9 --resume --extend --out " + (tmp / folder)).exit_code == 0);
    REQUIRE(run_ricci(tmp, "sweep" + grid + " --seeds 1,2,3 --k 5,9 --resume --extend --out " + (tmp / folder)).exit_code == 0);
    REQUIRE(run_ricci(tmp, "sweep" + grid + " --seeds 1,2,3 --k 5,9 --resume --out " + (tmp / folder)).exit_code == 0);
    // Rows in the order they were committed: the new seed's models last.
    for (const char* file : {"models.csv", "layers.csv", "coefficients.csv"})
      CHECK(by_model(tmp / (std::string(folder) + "/" + file)) == read_file(tmp / ("whole/" + std::string(file))));
    for (const char* file : {"groups.csv", "best_k.csv", "sweep.json"})
      CHECK(read_file(tmp / (std::string(folder) + "/" + file)) == read_file(tmp / ("whole/" + std::string(file))));
  }
  // The extended sweep's networks are the whole sweep's, under the same indices.
  CHECK(by_model(tmp / "ext/weights.csv") == read_file(tmp / "whole/weights.csv"));
  for (int m = 0; m < 6; ++m)
    CHECK(read_file(tmp / ("ext/models/" + std::to_string(m) + ".bin")) ==
          read_file(tmp / ("whole/models/" + std::to_string(m) + ".bin")));
}

TEST_CASE("merge carries the shards' networks: the merged sweep is the unsharded one, and --from reads it") {
  TempDir tmp;
  const std::string grid = " --datasets circles:n=200 --widths 6 --depths 3 --seeds 1,2,3 --epochs 3 --k 5 "
                           "--baselines untrained --quiet";
  REQUIRE(run_ricci(tmp, "sweep" + grid + " --out " + (tmp / "whole")).exit_code == 0);
  for (const char* shard : {"0", "1"})
    REQUIRE(run_ricci(tmp, "sweep" + grid + " --shard " + shard + "/2 --out " + (tmp / ("s" + std::string(shard)))).exit_code == 0);
  CHECK(read_file(tmp / "s0/weights.csv") != read_file(tmp / "s1/weights.csv"));
  REQUIRE(run_ricci(tmp, "merge " + (tmp / "s0") + " " + (tmp / "s1") + " --out " + (tmp / "merged")).exit_code == 0);
  check_same_folder(tmp / "merged", tmp / "whole");
  REQUIRE(run_ricci(tmp, "sweep --from " + (tmp / "merged") + " --k 7 --quiet --out " + (tmp / "f")).exit_code == 0);
  REQUIRE(run_ricci(tmp, "sweep --from " + (tmp / "whole") + " --k 7 --quiet --out " + (tmp / "g")).exit_code == 0);
  check_same_folder(tmp / "f", tmp / "g");
  // A shard's network file changed since: refused, nothing written.
  REQUIRE(run_shell("printf 'X' | dd of=" + (tmp / "s1/models/1.bin") + " bs=1 seek=40 conv=notrunc 2>/dev/null") == 0);
  const Run changed = run_ricci(tmp, "merge " + (tmp / "s0") + " " + (tmp / "s1") + " --out " + (tmp / "m2"));
  CHECK(changed.exit_code == 1);
  CHECK(changed.err.find("s1/models/1.bin: not the file weights.csv records") != std::string::npos);
  CHECK(!file_exists(tmp / "m2/sweep.json"));
}
