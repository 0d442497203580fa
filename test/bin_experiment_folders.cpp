// bin_experiment_folders.cpp — one writer per folder, folders that know their kind,
// whole runs and no partial output (bin/experiment/folders.h, bin/experiment/run_folder.h,
// data/files.h), end to end with real processes: two writers at once, a
// train killed mid-write, a full disk, a run folder holding files of two
// runs, and commands pointed at folders of another kind.
#include <doctest/doctest.h>
#include <sys/wait.h>

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <map>
#include <set>
#include <string>

#include "data/files.h"
#include "data/io/table.h"
#include "test/cli_support.h"

using namespace ricci;
using ricci_test::Background;
using ricci_test::Run;
using ricci_test::run_ricci;
using ricci_test::TempDir;
using ricci_test::wait_until;

namespace {

// A slow small grid (16 models), so that a second command arrives mid-way.
const std::string kSlowGrid =
    " --datasets 'circles:n=300,noise=0.1;swiss-roll:n=300' --widths 6,12 --depths 2,3 --seeds 1,2 --k 5,12"
    " --epochs 60 --quiet";
const std::string kTrain = "train --data circles:n=300 --width 8 --depth 2 --epochs 3 --quiet";

// Every file of a folder (not its subfolders) and its bytes.
std::map<std::string, std::string> folder_bytes(const std::string& dir) {
  std::map<std::string, std::string> files;
  for (const std::string& name : list_directory(dir))
    if (name != ".ricci-lock" && !file_exists(join_path(dir, name) + "/.")) files[name] = read_file(join_path(dir, name));
  return files;
}

// The temporaries of output sets in dir.
std::vector<std::string> temporaries(const std::string& dir) {
  std::vector<std::string> names;
  for (const std::string& name : list_directory(dir))
    if (is_temporary_name(name)) names.push_back(name);
  return names;
}

std::size_t lines(const std::string& text) { return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')); }

bool one_error_line(const std::string& err) { return err.rfind("ricci: error: ", 0) == 0 && lines(err) == 1; }

}  // namespace

TEST_CASE("two sweeps on one folder at once: the second is refused, naming the first; no model twice") {
  TempDir tmp;
  const std::string out = tmp / "shared";
  const Background first(tmp, "first", "sweep" + kSlowGrid + " --threads 1 --resume --out " + out);
  // Mid-way: the lock is taken and models are being committed.
  REQUIRE(wait_until([&] { return file_exists(out + "/models.csv") && lines(read_file(out + "/models.csv")) >= 2; }));
  const Run second = run_ricci(tmp, "sweep" + kSlowGrid + " --resume --out " + out);
  CHECK(second.exit_code == 1);
  CHECK(one_error_line(second.err));
  CHECK_MESSAGE(ricci_test::contains(second.err, out + ": in use by pid " + std::to_string(first.pid()) +
                                                     ": ricci sweep "),
                second.err);
  CHECK(second.out.empty());
  // The readers and writers of a sweep folder are held off too.
  const Run report = run_ricci(tmp, "report " + out);
  CHECK(report.exit_code == 1);
  CHECK(ricci_test::contains(report.err, "in use by pid " + std::to_string(first.pid())));
  const Run merge = run_ricci(tmp, "merge " + out + " --out " + (tmp / "merged"));
  CHECK(merge.exit_code == 1);
  CHECK(ricci_test::contains(merge.err, out + ": in use by pid " + std::to_string(first.pid())));
  CHECK_FALSE(file_exists(tmp / "merged"));

  REQUIRE(first.wait() == 0);
  const Table models = read_csv_table(out + "/models.csv");
  std::set<std::string> indices;
  for (const auto& row : models.rows) indices.insert(row[0]);
  CHECK(models.rows.size() == 16);
  CHECK(indices.size() == 16);
  // 8 models of depth 2 (3 layers) and 8 of depth 3 (4 layers), at 2 k.
  CHECK(read_csv_table(out + "/layers.csv").rows.size() == 2 * (8 * 3 + 8 * 4));
  CHECK_FALSE(file_exists(out + "/.ricci-lock"));  // the holder removed it
  CHECK(run_ricci(tmp, "report " + out).exit_code == 0);
}

TEST_CASE("two ricci run at once on one folder: the second is refused") {
  TempDir tmp;
  const std::string run = "run --datasets 'circles:n=300;spirals:n=300' --widths 6 --depths 2 --seeds 1,2,3 --k 5,10 "
                          "--epochs 60 --baselines none --threads 1 --quiet --out " + (tmp / "results");
  const Background first(tmp, "first", run);
  REQUIRE(wait_until([&] { return file_exists(tmp / "results/.ricci-lock"); }));
  const Run second = run_ricci(tmp, run);
  CHECK(second.exit_code == 1);
  CHECK(one_error_line(second.err));
  CHECK(ricci_test::contains(second.err, "in use by pid " + std::to_string(first.pid()) + ": ricci run "));
  REQUIRE(first.wait() == 0);
  CHECK(read_csv_table(tmp / "results/models.csv").rows.size() == 6);
}

TEST_CASE("train killed mid-write leaves the old run whole; the next train cleans up") {
  TempDir tmp;
  const std::string run = tmp / "run";
  REQUIRE(run_ricci(tmp, kTrain + " --seed 1 --out " + run).exit_code == 0);
  const auto before = folder_bytes(run);
  // Killed half-way through writing the third file of the new run.
  const Run killed = run_ricci(tmp, "train --data circles:n=300 --width 8 --depth 4 --epochs 3 --seed 2 --quiet --out " + run,
                               "RICCI_TEST_KILL_AT_FILE=3");
  CHECK(killed.exit_code == 128 + SIGKILL);  // as the shell reports it
  CHECK(folder_bytes(run) == before);
  CHECK(temporaries(tmp.path()).size() == 1);  // the new run's folder, half-written
  const Run analyze = run_ricci(tmp, "analyze " + run + " --k 5 --quiet");
  CHECK(analyze.exit_code == 0);  // the old run, whole
  CHECK(temporaries(tmp.path()).empty());  // the next holder of the run's lock removed it

  // Killed during analyze: the old analysis stays, nothing half-written shows.
  const auto analysed = folder_bytes(run);
  CHECK(run_ricci(tmp, "analyze " + run + " --k 5,10 --local --quiet", "RICCI_TEST_KILL_AT_FILE=2").exit_code == 128 + SIGKILL);
  std::map<std::string, std::string> visible;
  for (const auto& [name, bytes] : folder_bytes(run))
    if (!is_temporary_name(name)) visible[name] = bytes;
  CHECK(visible == analysed);

  // The next train takes the lock and removes what the killed analyze left.
  REQUIRE(run_ricci(tmp, kTrain + " --seed 2 --out " + run).exit_code == 0);
  CHECK(temporaries(tmp.path()).empty());
  CHECK(temporaries(run).empty());
  CHECK(ricci_test::contains(read_file(run + "/metrics.json"), "\"seed\": 2"));
  CHECK_FALSE(file_exists(run + "/layers.csv"));  // the old analysis went with the old run

  // A fresh train killed mid-write leaves no run: analyze refuses the folder.
  CHECK(run_ricci(tmp, kTrain + " --out " + (tmp / "fresh"), "RICCI_TEST_KILL_AT_FILE=1").exit_code == 128 + SIGKILL);
  const Run refused = run_ricci(tmp, "analyze " + (tmp / "fresh") + " --k 5");
  CHECK(refused.exit_code == 2);
  CHECK(ricci_test::contains(refused.err, "not a run folder"));
  CHECK(run_ricci(tmp, kTrain + " --out " + (tmp / "fresh")).exit_code == 0);
}

TEST_CASE("a full disk: train, analyze, merge and report fail with one line and leave no file") {
  TempDir tmp;
  REQUIRE(run_ricci(tmp, "sweep --datasets circles:n=200 --widths 4 --depths 2 --seeds 1,2 --k 5 --epochs 2 --quiet "
                         "--shard 0/2 --out " + (tmp / "s0")).exit_code == 0);
  ricci_test::SmallDisk disk(tmp / "disk", "512k");
  if (!disk.mounted()) return;
  const std::string run = tmp / "disk/run";
  REQUIRE(run_ricci(tmp, kTrain + " --out " + run).exit_code == 0);
  REQUIRE(run_ricci(tmp, "sweep --datasets circles:n=200 --widths 4 --depths 2 --seeds 1 --k 5 --epochs 2 --quiet "
                         "--out " + (tmp / "disk/sweep")).exit_code == 0);
  const auto run_before = folder_bytes(run);
  const auto sweep_before = folder_bytes(tmp / "disk/sweep");

  // A re-train whose files do not fit: the old run stays whole.
  const Run big = run_ricci(tmp, "train --data circles:n=300 --width 400 --depth 3 --epochs 1 --quiet --out " + run);
  CHECK(big.exit_code == 1);
  CHECK(one_error_line(big.err));
  CHECK(ricci_test::contains(big.err, "No space left on device"));
  CHECK(folder_bytes(run) == run_before);
  CHECK(run_ricci(tmp, "analyze " + run + " --k 5 --quiet --out " + (tmp / "analysis")).exit_code == 0);
  // A fresh train that does not fit leaves nothing.
  CHECK(run_ricci(tmp, "train --data circles:n=300 --width 400 --depth 3 --epochs 1 --quiet --out " +
                       (tmp / "disk/fresh")).exit_code == 1);
  CHECK_FALSE(file_exists(tmp / "disk/fresh"));

  // Fill the disk up but for a few kilobytes.
  std::system(("dd if=/dev/zero of=" + (tmp / "disk/filler") + " bs=4k 2>/dev/null; truncate -s -12k " +
               (tmp / "disk/filler")).c_str());
  const Run analyze = run_ricci(tmp, "analyze " + run + " --k 5,10 --local --quiet");
  CHECK(analyze.exit_code == 1);
  CHECK(one_error_line(analyze.err));
  CHECK(folder_bytes(run) == run_before);
  const Run report = run_ricci(tmp, "report " + (tmp / "disk/sweep"));
  CHECK(report.exit_code == 1);
  CHECK(one_error_line(report.err));
  CHECK(folder_bytes(tmp / "disk/sweep") == sweep_before);
  CHECK_FALSE(file_exists(tmp / "disk/sweep/figures"));
  const Run merge = run_ricci(tmp, "merge " + (tmp / "s0") + " --out " + (tmp / "disk/merged"));
  CHECK(merge.exit_code == 1);
  CHECK(one_error_line(merge.err));
  CHECK_FALSE(file_exists(tmp / "disk/merged"));
  for (const std::string& dir : {tmp / "disk", run, tmp / "disk/sweep"}) {
    CAPTURE(dir);
    CHECK(temporaries(dir).empty());
  }
  CHECK(list_directory(tmp / "disk") == std::vector<std::string>{"filler", "run", "sweep"});
}

TEST_CASE("a sweep on a full disk stops with whole files, and resumes to the same bytes") {
  TempDir tmp;
  const std::string grid = " --datasets circles:n=200 --widths 4,6 --depths 2,3 --seeds 1,2,3 --k 3,4,5,6,7,8,9,10 "
                           "--epochs 2 --threads 1 --quiet";
  REQUIRE(run_ricci(tmp, "sweep" + grid + " --out " + (tmp / "whole")).exit_code == 0);
  ricci_test::SmallDisk disk(tmp / "disk", "32k");
  if (!disk.mounted()) return;
  const Run full = run_ricci(tmp, "sweep" + grid + " --out " + (tmp / "disk/sweep"));
  CHECK(full.exit_code == 1);
  CHECK(one_error_line(full.err));
  CHECK(ricci_test::contains(full.err, "No space left on device"));
  for (const char* file : {"models.csv", "layers.csv"}) {
    const std::string text = read_file(tmp / ("disk/sweep/" + std::string(file)));
    CHECK(text.back() == '\n');  // the torn append was cut off again
  }
  REQUIRE(disk.resize("10m"));
  REQUIRE(run_ricci(tmp, "sweep" + grid + " --resume --out " + (tmp / "disk/sweep")).exit_code == 0);
  for (const char* file : {"sweep.json", "models.csv", "layers.csv", "groups.csv"}) {
    CAPTURE(file);
    CHECK(read_file(tmp / ("disk/sweep/" + std::string(file))) == read_file(tmp / ("whole/" + std::string(file))));
  }
}

TEST_CASE("analyze RUN_DIR refuses a folder whose files are not of one run, or that lacks metrics.json") {
  TempDir tmp;
  REQUIRE(run_ricci(tmp, kTrain + " --seed 1 --out " + (tmp / "a")).exit_code == 0);
  REQUIRE(run_ricci(tmp, kTrain + " --seed 2 --out " + (tmp / "b")).exit_code == 0);
  const std::string metrics = read_file(tmp / "a/metrics.json");
  CHECK(ricci_test::contains(metrics, "\"run_id\": \""));
  CHECK(ricci_test::contains(metrics, "\"layer_1.npy\": \"" + checksum_text(read_file(tmp / "a/layer_1.npy")) + "\""));
  // A copy of run a, then a layer file of run b in it.
  const std::string mixed = tmp / "mixed";
  for (const std::string& name : list_directory(tmp / "a"))
    write_file_atomically(mixed + "/" + name, read_file(tmp / ("a/" + name)));
  write_file_atomically(mixed + "/layer_1.npy", read_file(tmp / "b/layer_1.npy"));
  const ricci_test::Failure cases[] = {
      {"analyze " + mixed + " --k 5", 1, "mixed/layer_1.npy: does not belong to the run of metrics.json"},
  };
  for (const auto& c : cases) ricci_test::check_failure(tmp, c);
  // A layer beyond the run's, the labels of another run, no metrics.json, an edited list.
  write_file_atomically(mixed + "/layer_1.npy", read_file(tmp / "a/layer_1.npy"));
  write_file_atomically(mixed + "/layer_3.npy", read_file(tmp / "b/layer_2.npy"));
  ricci_test::check_failure(tmp, {"analyze " + mixed + " --k 5", 1, "layer_3.npy: not a file of the run"});
  std::remove((mixed + "/layer_3.npy").c_str());
  std::string labels = read_file(tmp / "a/labels.npy");
  labels.back() = labels.back() == '\0' ? '\1' : '\0';  // the last label flipped
  write_file_atomically(mixed + "/labels.npy", labels);
  ricci_test::check_failure(tmp, {"analyze " + mixed + " --k 5", 1, "labels.npy: does not belong"});
  write_file_atomically(mixed + "/labels.npy", read_file(tmp / "a/labels.npy"));
  std::string edited = metrics;
  edited.replace(edited.find("\"layer_0.npy\": \"") + 16, 1, edited[edited.find("\"layer_0.npy\": \"") + 16] == '0' ? "1" : "0");
  write_file_atomically(mixed + "/metrics.json", edited);
  ricci_test::check_failure(tmp, {"analyze " + mixed + " --k 5", 1, "run_id does not match its list of files"});
  std::remove((mixed + "/metrics.json").c_str());
  ricci_test::check_failure(tmp, {"analyze " + mixed + " --k 5", 1, "mixed: no metrics.json"});
  CHECK_FALSE(file_exists(mixed + "/layers.csv"));
  // The run as it was analyses.
  CHECK(run_ricci(tmp, "analyze " + (tmp / "a") + " --k 5 --quiet").exit_code == 0);
  CHECK(ricci_test::contains(read_file(tmp / "a/analysis.json"), "\"run_id\": \""));
}

TEST_CASE("a command refuses a folder of another kind, saying what the folder is") {
  TempDir tmp;
  REQUIRE(run_ricci(tmp, kTrain + " --out " + (tmp / "run")).exit_code == 0);
  REQUIRE(run_ricci(tmp, "sweep --datasets circles:n=200 --widths 4 --depths 2 --seeds 1 --k 5 --epochs 2 --quiet "
                         "--out " + (tmp / "sweep")).exit_code == 0);
  REQUIRE(run_ricci(tmp, "analyze " + (tmp / "run") + " --k 5 --quiet --out " + (tmp / "analysis")).exit_code == 0);
  write_file_atomically(tmp / "notes/notes.txt", "my notes");
  const std::string run = tmp / "run", sweep = tmp / "sweep", analysis = tmp / "analysis";
  const std::string layers = " --layers " + run + "/layer_0.npy " + run + "/layer_1.npy --k 5 --quiet";
  const auto run_before = folder_bytes(run), sweep_before = folder_bytes(sweep);
  const ricci_test::Failure cases[] = {
      {kTrain + " --out " + sweep, 2, sweep + " is a sweep folder (sweep.json); ricci train writes run folders"},
      {kTrain + " --out " + analysis, 2, analysis + " is an analysis folder (analysis.json); ricci train writes run"},
      {kTrain + " --out " + (tmp / "notes"), 2, "notes holds files that are not a ricci run (notes.txt)"},
      {"sweep --datasets circles:n=200 --k 5 --epochs 2 --resume --out " + run, 2,
       run + " is a run folder (metrics.json); ricci sweep and run write sweep folders"},
      {"run --datasets circles:n=200 --k 5 --epochs 2 --out " + analysis, 2, "is an analysis folder"},
      {"analyze" + layers + " --out " + run, 2, run + " is a run folder (metrics.json); ricci analyze writes into a run "
                                                      "folder only the analysis of that run"},
      {"analyze" + layers + " --out " + sweep, 2, "is a sweep folder (sweep.json); ricci analyze --out writes"},
      {"analyze " + sweep + " --k 5", 2, sweep + " is a sweep folder (sweep.json), not a run folder of ricci train"},
      {"merge " + sweep + " --out " + run, 2, run + " is a run folder (metrics.json); ricci merge writes sweep folders"},
      {"merge " + sweep + " --out " + sweep, 2, "merge: --out " + sweep + " is one of the shards"},
      {"merge " + run + " --out " + (tmp / "m"), 1, run + " is a run folder (metrics.json), not a shard of a sweep"},
      {"report " + run, 2, run + " is a run folder (metrics.json); ricci report reports sweep folders"},
      {"report " + (tmp / "notes"), 1, "no sweep.json (not a sweep folder)"},
  };
  for (const auto& c : cases) ricci_test::check_failure(tmp, c);
  CHECK(folder_bytes(run) == run_before);
  CHECK(folder_bytes(sweep) == sweep_before);
  CHECK(list_directory(tmp / "notes") == std::vector<std::string>{"notes.txt"});
  CHECK_FALSE(file_exists(tmp / "m"));
  // The kinds are marked (the first line of the record of what ricci wrote,
  // bin/experiment/folders.h): a run folder keeps its kind when analysed in place.
  const auto kind = [](const std::string& dir) {
    const std::string marker = read_file(dir + "/.ricci-folder");
    return marker.substr(0, marker.find('\n'));
  };
  CHECK(kind(run) == "run");
  CHECK(kind(sweep) == "sweep");
  CHECK(kind(analysis) == "analysis");
  write_file_atomically(tmp / "odd/.ricci-folder", "model\n");
  ricci_test::check_failure(tmp, {kTrain + " --out " + (tmp / "odd"), 1, "unknown folder kind 'model'"});
}

TEST_CASE("one analysis per folder: files of an earlier analysis that this one does not write are removed") {
  TempDir tmp;
  const std::string run = tmp / "run";
  REQUIRE(run_ricci(tmp, kTrain + " --out " + run).exit_code == 0);
  REQUIRE(run_ricci(tmp, "analyze " + run + " --k 5 --local --quiet").exit_code == 0);
  CHECK(file_exists(run + "/local_values.csv"));
  REQUIRE(run_ricci(tmp, "analyze " + run + " --k 5,10 --quiet").exit_code == 0);
  CHECK_FALSE(file_exists(run + "/local_values.csv"));
  CHECK_FALSE(file_exists(run + "/layer_coefficients.csv"));
  CHECK(read_csv_table(run + "/coefficients.csv").rows.size() == 2);
  for (const char* file : {"metrics.json", "model.bin", "labels.npy", "layer_0.npy", "layer_2.npy"})
    CHECK(file_exists(run + "/" + file));
}
