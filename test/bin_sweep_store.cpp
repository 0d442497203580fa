// bin_sweep_store.cpp — a resumed sweep checks what it resumes (bin/sweep/store.h,
// check_sweep_rows in bin/sweep/tables.h): every committed model once, with
// all its layer rows, in the shard sweep.json records; and SIGTERM, like
// SIGINT, lets the models in hand finish.
#include <doctest/doctest.h>

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <string>

#include "data/files.h"
#include "data/io/table.h"
#include "test/sweep_support.h"

using namespace ricci;
using ricci_test::Background;
using ricci_test::Failure;
using ricci_test::Run;
using ricci_test::run_ricci;
using ricci_test::TempDir;
using ricci_test::wait_until;

namespace {

// 2 data sets x 2 depths x 2 widths x 2 seeds = 16 models.
const std::string kGridShape =
    " --datasets 'circles:n=300,noise=0.1;swiss-roll:n=300' --widths 6,12 --depths 2,3 --seeds 1,2 --k 5,12 --quiet";
const std::string kGrid = kGridShape + " --epochs 8";

// A copy of the sweep folder `from` at `to`, then `change` applied to the text of one of its files.
template <class Change>
void doctored_copy(const std::string& from, const std::string& to, const std::string& file, Change change) {
  REQUIRE(std::system(("cp -r " + from + " " + to).c_str()) == 0);
  std::string text = read_file(join_path(to, file));
  change(text);
  write_file_atomically(join_path(to, file), text);
}

// The line of `text` that starts with `prefix`, with its newline.
std::string line_starting(const std::string& text, const std::string& prefix) {
  const std::size_t at = text.find("\n" + prefix) + 1;
  REQUIRE(at != 0);
  return text.substr(at, text.find('\n', at) + 1 - at);
}

}  // namespace

TEST_CASE("sweep --resume refuses a folder holding a model twice, a missing or repeated row, or another grid's model") {
  TempDir tmp;
  const std::string whole = tmp / "whole";
  REQUIRE(run_ricci(tmp, "sweep" + kGrid + " --out " + whole).exit_code == 0);
  const std::string models = read_file(whole + "/models.csv"), layers = read_file(whole + "/layers.csv");

  // What two sweeps writing one folder leave: a model committed twice.
  doctored_copy(whole, tmp / "twice", "models.csv", [&](std::string& t) { t += line_starting(models, "3,"); });
  doctored_copy(whole, tmp / "repeated", "layers.csv", [&](std::string& t) { t += line_starting(layers, "15,"); });
  doctored_copy(whole, tmp / "missing", "layers.csv", [&](std::string& t) {
    const std::string row = line_starting(layers, "4,");
    t.erase(t.find(row), row.size());
  });
  const std::string coefficients = read_file(whole + "/coefficients.csv");
  doctored_copy(whole, tmp / "crepeated", "coefficients.csv",
                [&](std::string& t) { t += line_starting(coefficients, "15,"); });
  doctored_copy(whole, tmp / "cmissing", "coefficients.csv", [&](std::string& t) {
    const std::string row = line_starting(coefficients, "4,");
    t.erase(t.find(row), row.size());
  });
  doctored_copy(whole, tmp / "other", "models.csv", [&](std::string& t) {
    const std::string row = line_starting(models, "0,");
    std::string changed = row;
    changed.replace(changed.find(",6,"), 3, ",7,");  // width 7, not in the grid
    t.replace(t.find(row), row.size(), changed);
  });
  doctored_copy(whole, tmp / "outside", "models.csv", [&](std::string& t) {
    const std::string row = line_starting(models, "2,");
    t.replace(t.find(row), row.size(), "99" + row.substr(1));
  });
  const Failure cases[] = {
      {"sweep" + kGrid + " --resume --out " + (tmp / "twice"), 1, "twice/models.csv: model 3 appears twice"},
      {"sweep" + kGrid + " --resume --out " + (tmp / "repeated"), 1,
       "repeated/layers.csv: line 114: a row of model 15 after every committed model's rows"},
      {"sweep" + kGrid + " --resume --out " + (tmp / "missing"), 1, "missing/layers.csv: line "},
      // 16 models x 2 k: model 15's rows end at line 33.
      {"sweep" + kGrid + " --resume --out " + (tmp / "crepeated"), 1,
       "crepeated/coefficients.csv: line 34: a row of model 15 after every committed model's rows"},
      {"sweep" + kGrid + " --resume --out " + (tmp / "cmissing"), 1,
       "cmissing/coefficients.csv: line 10: expected model 4, k = 5"},
      {"sweep" + kGrid + " --resume --out " + (tmp / "other"), 1,
       "model 0 is circles:n=300,noise=0.1, width 7, depth 2, seed 1, baseline none; the grid of sweep.json has "
       "circles:n=300,noise=0.1, width 6, depth 2, seed 1, baseline none"},
      {"sweep" + kGrid + " --resume --out " + (tmp / "outside"), 1, "model 99 is not in shard 0/1 of the grid's 16"},
  };
  for (const Failure& c : cases) ricci_test::check_failure(tmp, c);
  // Nothing was repaired or appended.
  CHECK(read_file(tmp / "twice/models.csv") == models + line_starting(models, "3,"));
  CHECK(read_file(tmp / "missing/models.csv") == models);
  // The same checks guard merge.
  const Run merge = run_ricci(tmp, "merge " + (tmp / "twice") + " --out " + (tmp / "merged"));
  CHECK(merge.exit_code == 1);
  CHECK(ricci_test::contains(merge.err, "model 3 appears twice"));
  CHECK_FALSE(file_exists(tmp / "merged"));

  // A folder whose sweep.json is gone still holds a sweep: not started afresh.
  doctored_copy(whole, tmp / "lost", "models.csv", [](std::string&) {});
  std::remove((tmp / "lost/sweep.json").c_str());
  ricci_test::check_failure(tmp, {"sweep" + kGrid + " --resume --out " + (tmp / "lost"), 1,
                                  "models.csv holds models but there is no sweep.json"});
  CHECK(read_file(tmp / "lost/models.csv") == models);
}

TEST_CASE("sweep.json records the shard; resuming as another shard is refused") {
  TempDir tmp;
  REQUIRE(run_ricci(tmp, "sweep" + kGrid + " --shard 0/2 --out " + (tmp / "s0")).exit_code == 0);
  CHECK(ricci_test::contains(read_file(tmp / "s0/sweep.json"), "\"shard\": \"0/2\""));
  CHECK_FALSE(file_exists(tmp / "s0/shard.txt"));
  const std::string models = read_file(tmp / "s0/models.csv");
  const Failure cases[] = {
      {"sweep" + kGrid + " --shard 1/2 --resume --out " + (tmp / "s0"), 2, "s0 holds shard 0/2 (sweep.json), not 1/2"},
      {"sweep" + kGrid + " --resume --out " + (tmp / "s0"), 2, "holds shard 0/2 (sweep.json), not 0/1"},
      {"sweep" + kGrid + " --shard 0/99999999999999999999 --out " + (tmp / "x"), 2, "--shard: expected I/N"},
      {"sweep" + kGrid + " --shard 1/0 --out " + (tmp / "x"), 2, "--shard: expected I/N"},
      {"sweep" + kGrid + " --shard -1/2 --out " + (tmp / "x"), 2, "--shard: expected I/N"},
  };
  for (const Failure& c : cases) ricci_test::check_failure(tmp, c);
  CHECK(read_file(tmp / "s0/models.csv") == models);
  CHECK_FALSE(file_exists(tmp / "x"));
  REQUIRE(run_ricci(tmp, "sweep" + kGrid + " --shard 0/2 --resume --out " + (tmp / "s0")).exit_code == 0);
}

TEST_CASE("sweep: SIGTERM finishes the models in hand, exits 143, and --resume completes it") {
  TempDir tmp;
  const std::string slow = kGridShape + " --epochs 60 --threads 2";
  REQUIRE(run_ricci(tmp, "sweep" + slow + " --out " + (tmp / "whole")).exit_code == 0);
  const Background sweep(tmp, "term", "sweep" + slow + " --out " + (tmp / "stopped"));
  REQUIRE(wait_until([&] {
    const std::string models = file_exists(tmp / "stopped/models.csv") ? read_file(tmp / "stopped/models.csv") : "";
    return std::count(models.begin(), models.end(), '\n') >= 2;
  }));
  sweep.signal(SIGTERM);
  const int status = sweep.wait();
  const std::size_t done = read_csv_table(tmp / "stopped/models.csv").rows.size();
  MESSAGE("stopped after " << done << " of 16 models, status " << status);
  if (status == 143) {
    CHECK(ricci_test::contains(sweep.err(), "ricci: interrupted by SIGTERM: "));
    CHECK(ricci_test::contains(sweep.err(), "continue with --resume"));
    CHECK(done < 16);
    CHECK(file_exists(tmp / "stopped/groups.csv"));
  } else {
    CHECK(status == 0);  // the signal came after the last model
  }
  CHECK_FALSE(file_exists(tmp / "stopped/.ricci-lock"));
  REQUIRE(run_ricci(tmp, "sweep" + slow + " --resume --out " + (tmp / "stopped")).exit_code == 0);
  for (const char* file : {"sweep.json", "models.csv", "layers.csv", "groups.csv"}) {
    CAPTURE(file);
    CHECK(read_file(tmp / ("stopped/" + std::string(file))) == read_file(tmp / ("whole/" + std::string(file))));
  }
}
