// bin_sweep_config_json.cpp — sweep.json read back as strictly as the command line
// (read_sweep_json in bin/sweep/config.h): merge refuses doctored files,
// field by field, and writes nothing; what ricci writes reads back exactly.
#include <doctest/doctest.h>

#include <cstdint>
#include <cstdlib>
#include <string>

#include "bin/sweep/config.h"
#include "bin/sweep/tables.h"
#include "data/files.h"
#include "test/cli_support.h"

using namespace ricci;
using ricci_test::check_error;
using ricci_test::Failure;
using ricci_test::run_ricci;
using ricci_test::TempDir;
using ricci_test::contains;

namespace {

// `text` with the first `from` replaced by `to` (which must be there).
std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const std::size_t at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("merge refuses a doctored sweep.json, naming the field, and writes nothing") {
  TempDir tmp;
  const std::string grid = " --datasets circles:n=200 --widths 4,6 --depths 2 --seeds 1 --k 5,12 --epochs 2 --quiet";
  REQUIRE(run_ricci(tmp, "sweep" + grid + " --shard 0/2 --out " + (tmp / "s0")).exit_code == 0);
  REQUIRE(run_ricci(tmp, "sweep" + grid + " --shard 1/2 --out " + (tmp / "s1")).exit_code == 0);
  const std::string json = read_file(tmp / "s1/sweep.json");
  const std::string k = "\"k\": [\n      5,";
  const struct {
    std::string name, text, message;
  } doctored[] = {
      {"huge-k", replaced(json, k, "\"k\": [\n      1e300,"), "--k: expected a whole number from 1 to 1073741824, got '1e300'"},
      {"negative-k", replaced(json, k, "\"k\": [\n      -5,"), "--k: expected a whole number from 1 to 1073741824, got '-5'"},
      {"string-k", replaced(json, k, "\"k\": [\n      \"5\","), "analysis.k[]: expected a number, got a string"},
      {"fraction-k", replaced(json, k, "\"k\": [\n      5.5,"), "got '5.5'"},
      {"repeated-k", replaced(json, k, "\"k\": [\n      12,"), "--k: k = 12 given twice"},
      {"missing", replaced(json, "    \"graph\": \"union\",\n", ""), "missing field \"analysis.graph\""},
      {"extra", replaced(json, "\"graph\": \"union\",", "\"graph\": \"union\",\n    \"protocol\": \"paper\","),
       "unexpected field \"analysis.protocol\""},
      {"twice", replaced(json, "\"graph\": \"union\",", "\"graph\": \"union\",\n    \"graph\": \"union\","),
       "field \"analysis.graph\" given twice"},
      {"threshold", replaced(json, "\"accuracy_threshold\": 0.98", "\"accuracy_threshold\": 2"), "--accuracy-threshold"},
      {"optimizer", replaced(json, "\"rmsprop\"", "\"lbfgs\""), "optimizer: expected sgd, adam or rmsprop, got 'lbfgs'"},
      {"epochs", replaced(json, "\"epochs\": 2", "\"epochs\": 2.5"), "--epochs: expected a whole number"},
      {"widths", replaced(json, "      \"4\",\n      \"6\"", "      \"6\",\n      \"6\""), "--widths: 6 given twice"},
      {"shard", replaced(json, "\"shard\": \"1/2\"", "\"shard\": \"3/2\""), "shard: expected I/N"},
      {"shard-type", replaced(json, "\"shard\": \"1/2\"", "\"shard\": 1"), "shard: expected a string, got a number"},
      {"written-otherwise", replaced(json, "\"lr\": 0.001", "\"lr\": 1e-3"), "not as ricci writes it"},
      {"data-type", replaced(json, "\"classes\": \"\"", "\"classes\": null"), "data.classes: expected a string, got null"},
      {"not-json", json.substr(0, json.size() / 2), "invalid JSON"},
      {"no-object", "[]", "expected an object, got a list"},
  };
  for (const auto& d : doctored) {
    const std::string dir = tmp / d.name;
    REQUIRE(std::system(("cp -r " + (tmp / "s1") + " " + dir).c_str()) == 0);
    write_file_atomically(dir + "/sweep.json", d.text);
    ricci_test::check_failure(tmp, Failure{"merge " + (tmp / "s0") + " " + dir + " --out " + (tmp / "merged"), 1,
                                           dir + "/sweep.json: "});
    CHECK_MESSAGE(contains(read_file(tmp / "stderr"), d.message), read_file(tmp / "stderr"));
    CHECK_FALSE(file_exists(tmp / "merged"));
    // Resuming the shard refuses it the same way.
    ricci_test::check_failure(tmp, Failure{"sweep" + grid + " --shard 1/2 --resume --out " + dir, 1, d.message});
  }
  // Untouched shards merge, and the merged sweep.json is the unsharded one's.
  REQUIRE(run_ricci(tmp, "merge " + (tmp / "s0") + " " + (tmp / "s1") + " --out " + (tmp / "merged")).exit_code == 0);
  CHECK(read_file(tmp / "merged/sweep.json") == replaced(json, "\"shard\": \"1/2\"", "\"shard\": \"0/1\""));
  // report reads sweep.json leniently (older sweeps lack newer fields), every field present checked as its flag.
  write_file_atomically(tmp / "merged/sweep.json", replaced(json, k, "\"k\": [\n      1e300,"));
  ricci_test::check_failure(tmp, {"report " + (tmp / "merged"), 1,
                                  "sweep.json: --k: expected a whole number from 1 to 1073741824, got '1e300'"});
  write_file_atomically(tmp / "merged/sweep.json", replaced(json, "\"accuracy_threshold\": 0.98", "\"accuracy_threshold\": -1"));
  ricci_test::check_failure(tmp, {"report " + (tmp / "merged"), 1, "--accuracy-threshold: expected a number from 0 to 1"});
  CHECK_FALSE(file_exists(tmp / "merged/summary.md"));
  // A sweep.json of an older ricci, without the fields added since, is reported with them at their defaults.
  std::string older = json;
  for (const auto& [field, without] : std::vector<std::pair<std::string, std::string>>{
           {",\n    \"baselines\": []\n", "\n"}, {"    \"track_every\": 0,\n", ""}, {"    \"select_k_on\": \"all\",\n", ""},
           {",\n    \"local\": false,\n    \"local_unreachable\": \"undefined\"\n", "\n"}}) {
    REQUIRE(contains(older, field));
    older = replaced(older, field, without);
  }
  write_file_atomically(tmp / "merged/sweep.json", older);
  CHECK(run_ricci(tmp, "report " + (tmp / "merged") + " --quiet").exit_code == 0);
  CHECK(file_exists(tmp / "merged/summary.md"));
  // The strict reader of merge and resume refuses it.
  ricci_test::check_failure(tmp, Failure{"merge " + (tmp / "merged") + " --out " + (tmp / "again"), 1,
                                         "missing field \"model.baselines\""});
}

TEST_CASE("what sweep_config_json writes, read_sweep_json reads back to the same configuration and bytes") {
  const std::vector<std::vector<std::string>> flag_sets = {
      {},
      {"--datasets=circles:n=500,noise=0.1;csv:a.csv,b.csv", "--classes=5,9", "--scale=standard", "--limit=700",
       "--test-per-class=50", "--split-seed=3", "--widths=4,8", "--depths=2,5", "--seeds=0,9223372036854775807",
       "--optimizer=adam", "--lr=0.0003", "--weight-decay=1e-05", "--epochs=7", "--batch=16",
       "--target-accuracy=0.99", "--validation-fraction=0.2", "--patience=4", "--track-every=2",
       "--stop-when-stable", "--stable-window=5", "--stable-tolerance=0.1", "--k=5,30", "--accuracy-threshold=0.5",
       "--curvature=augmented-forman", "--within-components", "--include-output"},
      {"--optimizer=sgd", "--momentum=0.9", "--convention=paper-r", "--track-every=3"},
      {"--datasets=circles:n=500,name=c;spirals", "--widths=8,16/8", "--depths=4,6", "--init=glorot", "--ties=all",
       "--include-input", "--accuracy-threshold=0.9,c=0.95", "--k=5,30", "--k-frac=0.1"},
      {"--datasets=circles", "--test=circles:n=100,seed=2"},
  };
  for (const auto& flags : flag_sets) {
    const SweepConfig config = sweep_config_from_arguments(flags);
    const Shard shard{3, 8};
    const std::string json = sweep_config_json(config, shard);
    const SweepFile back = read_sweep_json(json, "sweep.json");
    CHECK(back.shard == shard);
    CHECK(sweep_config_json(back.config, back.shard) == json);
  }
  // --k auto records the grid it resolved, and reads back as that grid.
  SweepConfig automatic = sweep_config_from_arguments({"--k=auto"});
  automatic.ks = {6, 9, 14};
  const SweepFile back = read_sweep_json(sweep_config_json(automatic, Shard{}), "sweep.json");
  CHECK(back.config.k_auto);
  CHECK(back.config.ks == std::vector<int>{6, 9, 14});
  CHECK(sweep_config_json(back.config, Shard{}) == sweep_config_json(automatic, Shard{}));
  // Seeds beyond 2^53 keep every digit (the number's text, not a double).
  const SweepConfig big = sweep_config_from_arguments({"--seeds=9007199254740993"});
  CHECK(read_sweep_json(sweep_config_json(big, Shard{}), "sweep.json").config.seeds[0] == 9007199254740993ULL);
  check_error([] { parse_shard("0/99999999999999999999"); }, ErrorKind::Usage, "shard: expected I/N");
  check_error([] { parse_shard("2/2"); }, ErrorKind::Usage, "shard: expected I/N");
  check_error([] { parse_shard("+1/2"); }, ErrorKind::Usage, "shard: expected I/N");
  CHECK(parse_shard("4294967295/4294967296").index == 4294967295u);
}

TEST_CASE("model indices in the result tables are whole numbers that fit") {
  check_error([] { parse_model_index("99999999999999999999", "models.csv"); }, ErrorKind::Data, "bad model index");
  check_error([] { parse_model_index("+3", "models.csv"); }, ErrorKind::Data, "bad model index '+3'");
  check_error([] { parse_model_index("", "models.csv"); }, ErrorKind::Data, "bad model index");
  CHECK(parse_model_index("42", "models.csv") == 42);
}
