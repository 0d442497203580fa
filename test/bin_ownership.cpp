// bin_ownership.cpp — ricci writes over, replaces or removes only what it can
// show it wrote (bin/experiment/folders.h), never mixes two networks in one
// sweep of --runs (bin/sweep/runs.h), checks text at the door
// (data/format.h, data/io/ini.h, bin/options.h) and refuses an analysis the
// machine cannot hold: the hostile cases of issue 21, as a new user would
// try them, end to end with the real binary.
#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <map>
#include <string>

#include "bin/experiment/folders.h"
#include "data/error.h"
#include "data/files.h"
#include "data/format.h"
#include "data/io/npy.h"
#include "data/io/table.h"
#include "test/cli_support.h"

using namespace ricci;
using ricci_test::Background;
using ricci_test::Run;
using ricci_test::run_ricci;
using ricci_test::run_shell;
using ricci_test::TempDir;

namespace {

const std::string kTrain = "train --data circles:n=300 --width 8 --depth 2 --epochs 3 --quiet";
const std::string kSweep = "sweep --datasets circles:n=200 --widths 4 --depths 2 --seeds 1,2 --k 5 --epochs 2 --quiet";

// Every file under a folder (its subfolders' as SUB/NAME) and its bytes, but the lock.
std::map<std::string, std::string> tree_bytes(const std::string& dir) {
  std::map<std::string, std::string> files;
  for (const std::string& name : list_directory(dir)) {
    if (name == ".ricci-lock") continue;
    const std::string path = join_path(dir, name);
    struct stat status;
    if (::lstat(path.c_str(), &status) == 0 && S_ISDIR(status.st_mode)) {
      files[name + "/"] = "";
      for (const std::string& file : list_directory(path)) files[name + "/" + file] = read_file(join_path(path, file));
    } else {
      files[name] = read_file(path);
    }
  }
  return files;
}

std::size_t lines(const std::string& text) { return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')); }

// A failure with exit status `code`, one error line holding `message`, and
// the folder `dir` exactly as before.
void check_refused(const TempDir& tmp, const std::string& arguments, int code, const std::string& message,
                   const std::string& dir) {
  CAPTURE(arguments);
  const auto before = tree_bytes(dir);
  const Run run = run_ricci(tmp, arguments);
  CHECK(run.exit_code == code);
  CHECK_MESSAGE(ricci_test::contains(run.err, message), run.err);
  CHECK(run.err.rfind("ricci: error: ", 0) == 0);
  CHECK(lines(run.err) == 1);
  CHECK(tree_bytes(dir) == before);
}

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

}  // namespace

TEST_CASE("issue 21 case 1: a stray metrics.json does not make a folder a run; train deletes nothing of the user's") {
  TempDir tmp;
  const std::string k = tmp / "K";
  write_file_atomically(k + "/metrics.json", "x\n");
  write_file_atomically(k + "/paper.tex", "d\n");
  write_file_atomically(k + "/checkpoints/epoch1", "weights\n");
  check_refused(tmp, kTrain + " --out " + k, 2, "holds files that are not a ricci run (checkpoints, metrics.json, paper.tex)", k);
  check_refused(tmp, "analyze " + k + " --k 5", 2, "is a folder of other files, not a run folder of ricci train", k);
  check_refused(tmp, "report " + k, 1, "not a sweep folder", k);

  // A marker written by hand, or copied from a run, proves nothing.
  write_file_atomically(k + "/.ricci-folder", "run\n");
  check_refused(tmp, kTrain + " --out " + k, 2, "from an older ricci and records no checksums", k);
  REQUIRE(run_ricci(tmp, kTrain + " --out " + (tmp / "run")).exit_code == 0);
  write_file_atomically(k + "/.ricci-folder", read_file(tmp / "run/.ricci-folder"));
  check_refused(tmp, kTrain + " --out " + k, 2, "K/metrics.json is not the metrics.json ricci wrote here", k);
  write_file_atomically(k + "/metrics.json", read_file(tmp / "run/metrics.json"));
  check_refused(tmp, kTrain + " --out " + k, 2, "holds checkpoints/, paper.tex, which ricci did not write", k);
  // An edited marker does not check out either.
  std::string marker = read_file(tmp / "run/.ricci-folder");
  marker.insert(marker.find("end "), "file 0123456789abcdef paper.tex\n");
  write_file_atomically(k + "/.ricci-folder", marker);
  check_refused(tmp, kTrain + " --out " + k, 1, "its end line does not match the lines before it", k);

  // A run folder of ricci's with a file of the user's in it is not replaced.
  const std::string run = tmp / "run";
  CHECK(first_line(read_file(run + "/.ricci-folder")) == "run");
  CHECK(ricci_test::contains(read_file(run + "/.ricci-folder"), "run_id "));
  write_file_atomically(run + "/notes.txt", "mine\n");
  check_refused(tmp, kTrain + " --seed 2 --out " + run, 2, "run holds notes.txt, which ricci did not write", run);
  std::remove((run + "/notes.txt").c_str());
  // Its analysis is ricci's too: train replaces the folder, analysis and all.
  REQUIRE(run_ricci(tmp, "analyze " + run + " --k 5 --local --export-graph --quiet").exit_code == 0);
  REQUIRE(run_ricci(tmp, kTrain + " --seed 2 --out " + run).exit_code == 0);
  CHECK_FALSE(file_exists(run + "/layers.csv"));
  // An empty folder of the user's in it is the user's too.
  make_directories(run + "/checkpoints");
  check_refused(tmp, kTrain + " --seed 3 --out " + run, 2, "run holds checkpoints/, which ricci did not write", run);
  ::rmdir((run + "/checkpoints").c_str());
  // A file of the run that changed since is not ricci's any more.
  write_file_atomically(run + "/model.bin", "edited");
  check_refused(tmp, kTrain + " --seed 3 --out " + run, 2, "run holds model.bin, which ricci did not write (or which changed since)", run);
}

TEST_CASE("issue 21 case 2: files of the user's named as ricci's are never written over") {
  TempDir tmp;
  REQUIRE(run_ricci(tmp, kTrain + " --out " + (tmp / "run")).exit_code == 0);
  const std::string w = tmp / "W";
  write_file_atomically(w + "/layers.csv", "my layers\n");
  write_file_atomically(w + "/models.csv", "my models\n");
  write_file_atomically(w + "/groups.csv", "my groups\n");
  write_file_atomically(w + "/summary.md", "my summary\n");
  check_refused(tmp, "analyze " + (tmp / "run") + " --k 5 --quiet --out " + w, 2,
                "W/layers.csv is in the way: ricci did not write it (" + w + " has no .ricci-folder)", w);
  check_refused(tmp, kSweep + " --out " + w, 2, "W/models.csv is in the way: ricci did not write it", w);
  REQUIRE(run_ricci(tmp, kSweep + " --shard 0/2 --out " + (tmp / "s0")).exit_code == 0);
  REQUIRE(run_ricci(tmp, kSweep + " --shard 1/2 --out " + (tmp / "s1")).exit_code == 0);
  check_refused(tmp, "merge " + (tmp / "s0") + " " + (tmp / "s1") + " --out " + w, 2, "W/models.csv is in the way", w);
  std::remove((w + "/models.csv").c_str());
  std::remove((w + "/layers.csv").c_str());
  check_refused(tmp, kSweep + " --out " + w, 2, "W/groups.csv is in the way: ricci did not write it", w);
  write_file_atomically(w + "/layers.csv", "my layers\n");
  // Every name alike: a file named graphs, coefficients.csv, a link.
  const std::string v = tmp / "V";
  write_file_atomically(v + "/graphs", "a file named graphs\n");
  check_refused(tmp, "analyze " + (tmp / "run") + " --k 5 --quiet --export-graph --out " + v, 2, "V/graphs is in the way", v);
  std::remove((v + "/graphs").c_str());
  REQUIRE(run_shell("ln -s " + (w + "/layers.csv") + " " + (v + "/coefficients.csv")) == 0);
  check_refused(tmp, "analyze " + (tmp / "run") + " --k 5 --quiet --out " + v, 2, "V/coefficients.csv is in the way", v);
  CHECK(read_file(w + "/layers.csv") == "my layers\n");

  // Names like ricci's lock and temporaries: neither written over nor removed.
  const std::string l = tmp / "L";
  write_file_atomically(l + "/.ricci-lock", "my lock notes\n");
  check_refused(tmp, "analyze " + (tmp / "run") + " --k 5 --quiet --out " + l, 1,
                "L/.ricci-lock is not a lock file of ricci", l);
  CHECK(read_file(l + "/.ricci-lock") == "my lock notes\n");

  // A folder of the user's files is written beside them, and what ricci
  // wrote there is its own from then on.
  const std::string u = tmp / "U";
  write_file_atomically(u + "/notes.txt", "mine\n");
  write_file_atomically(u + "/.draft.ricci-tmp-notes", "mine too\n");
  REQUIRE(run_ricci(tmp, "analyze " + (tmp / "run") + " --k 5 --local --quiet --out " + u).exit_code == 0);
  REQUIRE(run_ricci(tmp, "analyze " + (tmp / "run") + " --k 5,10 --quiet --out " + u).exit_code == 0);
  CHECK(read_file(u + "/notes.txt") == "mine\n");
  CHECK(read_file(u + "/.draft.ricci-tmp-notes") == "mine too\n");
  CHECK_FALSE(file_exists(u + "/local_values.csv"));  // the earlier analysis's, removed

  // In a sweep folder: the user's summary.md, or a file of theirs in figures/, stops report.
  const std::string s = tmp / "sweep";
  REQUIRE(run_ricci(tmp, kSweep + " --out " + s).exit_code == 0);
  write_file_atomically(s + "/summary.md", "my summary\n");
  check_refused(tmp, "report " + s, 2, "sweep/summary.md is in the way: ricci did not write it", s);
  std::remove((s + "/summary.md").c_str());
  REQUIRE(run_ricci(tmp, "report " + s + " --quiet").exit_code == 0);
  REQUIRE(run_ricci(tmp, "report " + s + " --quiet").exit_code == 0);  // its own files, written over
  write_file_atomically(s + "/figures/mine.svg", "<svg/>");
  check_refused(tmp, "report " + s, 2, "sweep/figures/mine.svg is in the way", s);
  std::remove((s + "/figures/mine.svg").c_str());
  // A file ricci wrote that the user changed is not ricci's any more.
  write_file_atomically(s + "/groups.csv", "edited\n");
  check_refused(tmp, kSweep + " --resume --out " + s, 2, "sweep/groups.csv has changed since ricci wrote it", s);
  // A sweep's record copied beside the user's models.csv proves nothing there.
  const std::string c = tmp / "C";
  write_file_atomically(c + "/models.csv", "my models\n");
  write_file_atomically(c + "/.ricci-folder", read_file(s + "/.ricci-folder"));
  check_refused(tmp, kSweep + " --resume --out " + c, 2, "C/models.csv is in the way: ricci did not write it", c);
  check_refused(tmp, kSweep + " --out " + c, 2, "C/models.csv is in the way: ricci did not write it", c);
  // The one-word marker of an older ricci proves no file: nothing is written
  // over, and what is absent may be written (report of an older sweep).
  const std::string o = tmp / "older";
  REQUIRE(run_ricci(tmp, kSweep + " --out " + o).exit_code == 0);
  write_file_atomically(o + "/.ricci-folder", "sweep\n");
  check_refused(tmp, kSweep + " --resume --out " + o, 2, "older/sweep.json is in the way: " + o +
                                                           "/.ricci-folder is from an older ricci", o);
  CHECK(run_ricci(tmp, "report " + o + " --quiet").exit_code == 0);
  CHECK(file_exists(o + "/summary.md"));
  check_refused(tmp, kSweep + " --resume --out " + o, 2, "older/sweep.json is in the way: ricci did not write it", o);
  // A stray sweep.json in a folder of the user's is the user's.
  const std::string t = tmp / "T";
  write_file_atomically(t + "/sweep.json", read_file(s + "/sweep.json"));
  check_refused(tmp, kSweep + " --resume --out " + t, 2, "T/sweep.json is in the way", t);
  check_refused(tmp, "report " + t, 2, "holds a sweep.json but no .ricci-folder", t);
}

TEST_CASE("issue 21 case 3: an edited analysis.json deletes nothing; only files the record proves are removed") {
  TempDir tmp;
  REQUIRE(run_ricci(tmp, kTrain + " --out " + (tmp / "run")).exit_code == 0);
  const std::string a = tmp / "A";
  REQUIRE(run_ricci(tmp, "analyze " + (tmp / "run") + " --k 5 --local --export-graph --quiet --out " + a).exit_code == 0);
  const std::string original = read_file(a + "/analysis.json");
  write_file_atomically(a + "/notes.txt", "my notes\n");
  std::string edited = original;
  edited.replace(edited.find("\"layers.csv\""), 0, "\"notes.txt\", ");
  write_file_atomically(a + "/analysis.json", edited);
  check_refused(tmp, "analyze " + (tmp / "run") + " --k 5 --quiet --out " + a, 2,
                "A/analysis.json has changed since ricci wrote it", a);
  // Restored, the next analysis removes the earlier one's files, never the notes.
  write_file_atomically(a + "/analysis.json", original);
  REQUIRE(run_ricci(tmp, "analyze " + (tmp / "run") + " --k 5 --quiet --out " + a).exit_code == 0);
  CHECK(read_file(a + "/notes.txt") == "my notes\n");
  CHECK_FALSE(file_exists(a + "/local_values.csv"));
  CHECK_FALSE(file_exists(a + "/graphs"));
  // A stale file the user changed is not removed: the analysis stops.
  REQUIRE(run_ricci(tmp, "analyze " + (tmp / "run") + " --k 5 --local --export-graph --quiet --out " + a).exit_code == 0);
  write_file_atomically(a + "/local_values.csv", "my edits\n");
  check_refused(tmp, "analyze " + (tmp / "run") + " --k 5 --quiet --out " + a, 2,
                "A/local_values.csv has changed since ricci wrote it", a);
  write_file_atomically(a + "/graphs/mine.csv", "mine\n");
  std::remove((a + "/local_values.csv").c_str());
  check_refused(tmp, "analyze " + (tmp / "run") + " --k 5 --quiet --out " + a, 2, "A/graphs/mine.csv is in the way", a);
  // The same in a run folder analysed in place: its own files are never the analysis's.
  const std::string run = tmp / "run";
  REQUIRE(run_ricci(tmp, "analyze " + run + " --k 5 --local --quiet").exit_code == 0);
  write_file_atomically(run + "/notes.txt", "my notes\n");
  REQUIRE(run_ricci(tmp, "analyze " + run + " --k 5 --quiet").exit_code == 0);
  CHECK(read_file(run + "/notes.txt") == "my notes\n");
  CHECK_FALSE(file_exists(run + "/local_values.csv"));
  for (const char* file : {"metrics.json", "model.bin", "labels.npy", "layer_0.npy", "layer_2.npy"})
    CHECK(file_exists(run + "/" + file));
}

TEST_CASE("issue 21 case 4: a sweep of --runs refuses a run folder that is no longer the network it analysed") {
  TempDir tmp;
  const std::string a = tmp / "A", b = tmp / "B";
  REQUIRE(run_ricci(tmp, kTrain + " --seed 1 --out " + a).exit_code == 0);
  REQUIRE(run_ricci(tmp, kTrain + " --seed 2 --out " + b).exit_code == 0);
  const std::string s = tmp / "s";
  REQUIRE(run_ricci(tmp, "sweep --runs " + a + " " + b + " --k 5 --quiet --out " + s).exit_code == 0);
  CHECK(ricci_test::contains(read_file(s + "/sweep.json"), "\"run_ids\": ["));
  // B trained again with the same seed and other epochs: another network.
  REQUIRE(run_ricci(tmp, "train --data circles:n=300 --width 8 --depth 2 --epochs 5 --seed 2 --quiet --out " + b).exit_code == 0);
  check_refused(tmp, "sweep --runs " + a + " " + b + " --k 5,10 --quiet --resume --extend --out " + s, 2,
                "B is no longer the network this sweep analysed", s);
  check_refused(tmp, "sweep --runs " + a + " " + b + " --k 5 --quiet --resume --out " + s, 2,
                "B is no longer the network this sweep analysed", s);
  check_refused(tmp, "merge " + s + " --out " + (tmp / "m"), 2, "B is no longer the network this sweep analysed", s);
  CHECK_FALSE(file_exists(tmp / "m"));
  // The same network again (the same seed and epochs: the same bytes) is the one recorded.
  REQUIRE(run_ricci(tmp, kTrain + " --seed 2 --out " + b).exit_code == 0);
  const Run extended = run_ricci(tmp, "sweep --runs " + a + " " + b + " --k 5,10 --quiet --resume --extend --out " + s);
  CHECK_MESSAGE(extended.exit_code == 0, extended.err);
  REQUIRE(run_ricci(tmp, "sweep --runs " + a + " " + b + " --k 5,10 --quiet --out " + (tmp / "fresh")).exit_code == 0);
  for (const char* file : {"sweep.json", "models.csv", "layers.csv", "groups.csv"}) {
    CAPTURE(file);
    CHECK(read_file(s + "/" + file) == read_file(tmp / ("fresh/" + std::string(file))));
  }
  // Exported layers (model.json) are recorded by their files' checksums.
  const std::string e = tmp / "E";
  for (const char* file : {"layer_0.npy", "layer_1.npy", "layer_2.npy", "labels.npy"})
    write_file_atomically(e + "/" + file, read_file(a + "/" + file));
  write_file_atomically(e + "/model.json", "{\"dataset\": \"circles\", \"width\": 8, \"depth\": 2, \"seed\": 1, "
                                           "\"test_accuracy\": 0.5, \"labels\": \"labels.npy\"}");
  REQUIRE(run_ricci(tmp, "sweep --runs " + e + " --k 5 --quiet --out " + (tmp / "se")).exit_code == 0);
  write_file_atomically(e + "/layer_2.npy", read_file(b + "/layer_2.npy"));
  check_refused(tmp, "sweep --runs " + e + " --k 5 --quiet --resume --out " + (tmp / "se"), 2,
                "E is no longer the network this sweep analysed", tmp / "se");
}

TEST_CASE("issue 21 case 5: NUL and control bytes are refused at the door, with their position, and printed escaped") {
  TempDir tmp;
  const char nul_ini[] = "[model]\nwidths = 4\0,8\n[analysis]\nk = 5\n";
  write_file_atomically(tmp / "nul.ini", std::string(nul_ini, sizeof nul_ini - 1));
  const Run nul = run_ricci(tmp, "sweep --config " + (tmp / "nul.ini") + " --datasets circles:n=200 --epochs 1 --quiet --out " +
                                     (tmp / "out"));
  CHECK(nul.exit_code == 2);
  CHECK_MESSAGE(ricci_test::contains(nul.err, "nul.ini:2:11: byte NUL (a control byte) in a setting"), nul.err);
  CHECK(nul.err.find('\0') == std::string::npos);
  CHECK_FALSE(file_exists(tmp / "out"));
  write_file_atomically(tmp / "cr.ini", "[data]\ndatasets = circles\rspirals\n");
  const Run cr = run_ricci(tmp, "sweep --config " + (tmp / "cr.ini") + " --quiet --out " + (tmp / "out"));
  CHECK(cr.exit_code == 2);
  CHECK_MESSAGE(ricci_test::contains(cr.err, "cr.ini:2:19: byte CR"), cr.err);
  // CRLF files are fine.
  write_file_atomically(tmp / "crlf.ini", "[model]\r\nwidths = 4\r\n");
  CHECK(run_ricci(tmp, "sweep --config " + (tmp / "crlf.ini") +
                           " --datasets circles:n=200 --depths 2 --seeds 1 --k 5 --epochs 1 --quiet --out " + (tmp / "crlf"))
            .exit_code == 0);
  // Flags: names and SPECs.
  const Run flag = run_ricci(tmp, "train --data \"$(printf 'circles\\033[2J')\" --quiet --out " + (tmp / "t"));
  CHECK(flag.exit_code == 2);
  CHECK_MESSAGE(ricci_test::contains(flag.err, "--data: byte 8 is a control byte (ESC) in 'circles\\x1b[2J'"), flag.err);
  CHECK(flag.err.find('\033') == std::string::npos);
  // A UTF-16 config: its bytes printed escaped, one line.
  const char utf16_ini[] = "\xff\xfe[\0m\0o\0d\0e\0l\0]\0\n\0";
  write_file_atomically(tmp / "utf16.ini", std::string(utf16_ini, sizeof utf16_ini - 1));
  const Run utf16 = run_ricci(tmp, "sweep --config " + (tmp / "utf16.ini") + " --quiet --out " + (tmp / "out"));
  CHECK(utf16.exit_code == 2);
  CHECK(lines(utf16.err) == 1);
  CHECK(printable_text(utf16.err.substr(0, utf16.err.size() - 1)) == utf16.err.substr(0, utf16.err.size() - 1));
  CHECK_MESSAGE(ricci_test::contains(utf16.err, "utf16.ini:1:"), utf16.err);
  // An unknown option with a CR: named escaped.
  const Run unknown = run_ricci(tmp, "train \"--wid$(printf '\\r')th\" 4");
  CHECK(unknown.exit_code == 2);
  CHECK_MESSAGE(ricci_test::contains(unknown.err, "unknown option '--wid\\rth'"), unknown.err);
  // A name from a file: model.json's data set with \u0000.
  REQUIRE(run_ricci(tmp, kTrain + " --out " + (tmp / "run")).exit_code == 0);
  const std::string e = tmp / "E";
  for (const char* file : {"layer_0.npy", "layer_1.npy", "layer_2.npy"})
    write_file_atomically(e + "/" + file, read_file(tmp / ("run/" + std::string(file))));
  write_file_atomically(e + "/model.json", "{\"dataset\": \"circ\\u0000les\", \"width\": 8, \"depth\": 2, \"seed\": 1, "
                                           "\"test_accuracy\": 0.5}");
  const Run named = run_ricci(tmp, "sweep --runs " + e + " --k 5 --quiet --out " + (tmp / "se"));
  CHECK(named.exit_code == 1);
  CHECK_MESSAGE(ricci_test::contains(named.err, "dataset: expected text without control bytes (character 5 is NUL)"),
                named.err);
}

TEST_CASE("printable_text escapes control bytes and invalid UTF-8, and keeps printable UTF-8") {
  CHECK(printable_text("plain text") == "plain text");
  CHECK(printable_text(std::string("a\0b\r\n\t\x1b\x7f", 8)) == "a\\x00b\\r\\n\\t\\x1b\\x7f");
  CHECK(printable_text("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80") == "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
  CHECK(printable_text("\xff\xfe[\xc3") == "\\xff\\xfe[\\xc3");
  CHECK(printable_text("\xc2\x85") == "\\xc2\\x85");              // a C1 control (NEL)
  CHECK(printable_text("\xed\xa0\x80") == "\\xed\\xa0\\x80");     // a UTF-16 surrogate
  CHECK(printable_text("\xe0\x80\x80") == "\\xe0\\x80\\x80");     // overlong
  CHECK(control_byte_at("ab\tc") == 2);
  CHECK(control_byte_at("ab\tc", true) == std::string::npos);
  CHECK(control_byte_name(0) == "NUL");
  CHECK(control_byte_name(1) == "\\x01");
}

TEST_CASE("issue 21 case 6: runs of one architecture with test sets of different sizes are refused, in any order") {
  TempDir tmp;
  REQUIRE(run_ricci(tmp, kTrain + " --seed 1 --out " + (tmp / "a")).exit_code == 0);
  // The same data set, split otherwise: a test set of 150 points, not 90.
  REQUIRE(run_ricci(tmp, kTrain + " --test-fraction 0.5 --seed 2 --out " + (tmp / "b")).exit_code == 0);
  for (const std::string& order : {(tmp / "a") + " " + (tmp / "b"), (tmp / "b") + " " + (tmp / "a")}) {
    const Run run = run_ricci(tmp, "sweep --runs " + order + " --k 5 --quiet --out " + (tmp / "s"));
    CHECK(run.exit_code == 2);
    CHECK_MESSAGE(ricci_test::contains(run.err, "are models of one architecture (data set circles:n=300, width 8, depth 2) with "
                                                "test sets of"),
                  run.err);
    CHECK_FALSE(file_exists(tmp / "s"));
  }
}

TEST_CASE("issue 21 case 7: SIGTERM during --resume --extend says what was kept, and leaves the sweep as it was") {
  TempDir tmp;
  const std::string grid = "sweep --datasets circles:n=1000,noise=0.1 --widths 16 --depths 2,3 --seeds 1,2,3,4 "
                           "--epochs 200 --threads 1 --quiet";
  const std::string s = tmp / "s";
  REQUIRE(run_ricci(tmp, grid + " --k 5 --out " + s).exit_code == 0);
  const auto before = tree_bytes(s);
  const Background extend(tmp, "extend", grid + " --k 5,12 --resume --extend --out " + s);
  REQUIRE(ricci_test::wait_until([&] { return file_exists(s + "/.ricci-lock"); }));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  extend.signal(SIGTERM);
  const int status = extend.wait();
  if (status == 0) {
    MESSAGE("the extension finished before the signal");
    return;
  }
  CHECK(status == 143);
  CHECK_MESSAGE(ricci_test::contains(extend.err(), "ricci: interrupted by SIGTERM while extending the sweep: nothing of "
                                                   "the extension was written, and " + s + " keeps its 8 models as they were"),
                extend.err());
  CHECK(lines(extend.err()) == 1);
  CHECK(tree_bytes(s) == before);
}

TEST_CASE("issue 21 case 8: layers from pipes (bash's /dev/fd/63, /dev/fd/62, ...) are taken in the order given") {
  TempDir tmp;
  REQUIRE(run_ricci(tmp, kTrain + " --out " + (tmp / "run")).exit_code == 0);
  const std::string r = tmp / "run";
  REQUIRE(run_ricci(tmp, "analyze --layers " + r + "/layer_0.npy " + r + "/layer_1.npy " + r + "/layer_2.npy --k 5 --quiet --out " +
                             (tmp / "files")).exit_code == 0);
  const int status = run_shell("bash -c '" + std::string(RICCI_BINARY) + " analyze --layers <(cat " + r + "/layer_0.npy) <(cat " +
                               r + "/layer_1.npy) <(cat " + r + "/layer_2.npy) --k 5 --quiet --out " + (tmp / "pipes") +
                               "' > " + (tmp / "pipes.out") + " 2>&1");
  CHECK_MESSAGE(status == 0, read_file(tmp / "pipes.out"));
  CHECK(read_file(tmp / "pipes/layers.csv") == read_file(tmp / "files/layers.csv"));
  // Numbered .npy names still say their order.
  ricci_test::check_failure(tmp, {"analyze --layers " + r + "/layer_2.npy " + r + "/layer_1.npy --k 5 --out " + (tmp / "x"), 2,
                                  "give the layers in the order of their numbers"});
}

TEST_CASE("issue 21 case 9: an option where a value should be is a missing value") {
  TempDir tmp;
  ricci_test::check_failure(tmp, {"sweep --k 5 --runs --out o", 2, "option '--runs' needs a value (DIR...), got the option '--out'"});
  ricci_test::check_failure(tmp, {"sweep --k 5 --runs --quiet " + (tmp / "d") + " --out " + (tmp / "o"), 2,
                                  "option '--runs' needs a value (DIR...), got the option '--quiet'"});
  ricci_test::check_failure(tmp, {"train --data --width 4 --out x", 2, "option '--data' needs a value (SPEC), got the option '--width'"});
  CHECK_FALSE(file_exists(tmp / "o"));
}

TEST_CASE("issue 21 case 10: an analysis beyond the machine's memory is refused before it starts") {
  TempDir tmp;
  // Three layers of 200,000 points: k = 199,999 needs terabytes.
  MatrixF layer(200000, 1);
  for (std::size_t i = 0; i < layer.rows(); ++i) layer(i, 0) = static_cast<float>(i % 977);
  for (int l = 0; l < 3; ++l) write_file_atomically(tmp / ("layer_" + std::to_string(l) + ".npy"), npy_bytes(layer));
  const auto start = std::chrono::steady_clock::now();
  const Run run = run_ricci(tmp, "analyze --layers " + (tmp / "layer_0.npy") + " " + (tmp / "layer_1.npy") + " " +
                                     (tmp / "layer_2.npy") + " --k 199999 --quiet --out " + (tmp / "a"));
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  CHECK(run.exit_code == 2);
  CHECK_MESSAGE(ricci_test::contains(run.err, "--k: analysing 3 layers of 200000 points at k up to 199999 needs about"),
                run.err);
  CHECK(ricci_test::contains(run.err, "more than this machine's"));
  CHECK(ricci_test::contains(run.err, "--allow-large"));
  CHECK(seconds < 1.0);
  CHECK_FALSE(file_exists(tmp / "a"));
  // From a pipe (no header to peek at): refused once read, before any graph.
  const int status = run_shell("bash -c '" + std::string(RICCI_BINARY) + " analyze --layers <(cat " + (tmp / "layer_0.npy") +
                               ") <(cat " + (tmp / "layer_1.npy") + ") --k 199999 --quiet --out " + (tmp / "b") + "' 2> " +
                               (tmp / "pipe.err"));
  CHECK(status == 2);
  CHECK(ricci_test::contains(read_file(tmp / "pipe.err"), "more than this machine's"));
  // A sweep's analyses too, before any model is trained.
  const Run sweep = run_ricci(tmp, "sweep --datasets circles:n=300000 --widths 8 --depths 2 --seeds 1 --k 50000 --epochs 1 "
                                   "--quiet --out " + (tmp / "s"));
  CHECK(sweep.exit_code == 2);
  CHECK_MESSAGE(ricci_test::contains(sweep.err, "--k: analysing 3 layers of 90000 points at k up to 50000 needs about"),
                sweep.err);
  CHECK_FALSE(file_exists(tmp / "s"));
}

TEST_CASE("the folder record: read back as written, edits refused, and a kill between the renames leaves files proven") {
  TempDir tmp;
  const std::string dir = tmp / "sweep";
  const std::string header = "model,dataset\n";
  // What a fresh sweep's record holds while its files are renamed into place.
  FolderRecord during;
  during.kind = FolderKind::Sweep;
  during.rows = {"models.csv", "layers.csv"};
  during.files = {{"models.csv", checksum_text(header)}, {"sweep.json", checksum_text("{}")},
                  {"figures/rho.svg", checksum_text("<svg/>")}};
  const std::string text = folder_record_text(during);
  write_file_atomically(dir + "/.ricci-folder", text);
  CHECK(first_line(text) == "sweep");
  CHECK(folder_record_text(read_folder_record(dir)) == text);
  CHECK(folder_kind(dir) == FolderKind::Sweep);
  // Killed before sweep.json was renamed: the row files count as ricci's only
  // by their bytes, which the record holds.
  write_file_atomically(dir + "/models.csv", header);
  write_file_atomically(dir + "/layers.csv", "other\n");
  const FolderRecord held = writable_record(dir, FolderKind::Sweep);
  CHECK(held.rows.empty());
  CHECK(is_proven(dir, held, "models.csv"));
  CHECK_FALSE(is_proven(dir, held, "layers.csv"));
  write_file_atomically(dir + "/models.csv", header + "0,circles\n");
  CHECK_FALSE(is_proven(dir, held, "models.csv"));
  // With its sweep.json, a sweep's row files are its own whatever they hold.
  write_file_atomically(dir + "/sweep.json", "{}");
  const FolderRecord whole = writable_record(dir, FolderKind::Sweep);
  CHECK(is_proven(dir, whole, "models.csv"));
  CHECK(is_proven(dir, whole, "layers.csv"));
  CHECK_NOTHROW(check_replaceable(dir, whole, {"models.csv", "sweep.json", "figures/", "groups.csv"}));
  // An edited record, a damaged one, an unknown kind: data errors.
  std::string edited = text;
  edited.insert(edited.find("end "), "file 0123456789abcdef notes.txt\n");
  write_file_atomically(dir + "/.ricci-folder", edited);
  CHECK_THROWS_WITH_AS(read_folder_record(dir), doctest::Contains("end line does not match"), Error);
  write_file_atomically(dir + "/.ricci-folder", text.substr(0, text.size() - 1));
  CHECK_THROWS_WITH_AS(read_folder_record(dir), doctest::Contains("does not end with a whole line"), Error);
  write_file_atomically(dir + "/.ricci-folder", "sweep\nfile ../x\nend 0000000000000000\n");
  CHECK_THROWS_WITH_AS(read_folder_record(dir), doctest::Contains("line 2: not a line of a folder record"), Error);
  write_file_atomically(dir + "/.ricci-folder", "model\n");
  CHECK_THROWS_WITH_AS(folder_kind(dir), doctest::Contains("unknown folder kind 'model'"), Error);
  // One word: an older ricci's record, which proves no file.
  write_file_atomically(dir + "/.ricci-folder", "sweep\n");
  const FolderRecord older = read_folder_record(dir);
  CHECK(older.legacy);
  CHECK_FALSE(is_proven(dir, older, "sweep.json"));
}
