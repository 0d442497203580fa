// merge_command.cpp — `ricci merge DIR... --out DIR`: combine the shards of a
// sweep into exactly the result of the unsharded sweep.
//
// Every shard must hold the same sweep.json; a model index found in two
// shards is refused. Rows are put back in grid order (layers.csv rows keep
// their order within a model) and the protocol's files (groups.csv,
// best_k.csv, regression.csv and models.csv's protocol columns) are
// recomputed from the merged rows, so the result equals, byte for byte, a
// single sweep of the grid.
#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

#include "bin/commands.h"
#include "bin/options.h"
#include "bin/protocol_tables.h"
#include "bin/sweep_tables.h"
#include "data/error.h"
#include "data/files.h"
#include "data/io/json.h"
#include "data/io/table.h"
#include "flow/geometry.h"

namespace ricci {

int merge_command(const std::vector<std::string>& args) {
  const std::vector<OptionSpec> specs = {{"out", "DIR", "output directory (required; must not hold a sweep)"},
                                         {"quiet", "", "print nothing but errors"}};
  const Options options(args, specs);
  if (options.help()) {
    std::fputs(usage_text("merge", "SHARD_DIR... --out DIR", "Combines the shards of one sweep (run with --shard I/N).",
                          specs)
                   .c_str(),
               stdout);
    return 0;
  }
  const std::vector<std::string>& dirs = options.positional();
  if (dirs.empty()) throw usage_error("merge: give the shard directories");
  if (!options.has("out")) throw usage_error("merge: --out DIR is required");
  const std::string out = options.text("out", "");
  if (file_exists(join_path(out, "sweep.json"))) throw usage_error("merge: " + out + " already holds a sweep");

  std::string config;
  Table models, layers;
  std::map<std::size_t, std::string> owner;  // model index -> shard directory
  std::map<std::size_t, std::vector<std::vector<std::string>>> layer_rows;
  std::map<std::size_t, std::vector<std::string>> model_rows;
  for (const std::string& dir : dirs) {
    const std::string path = join_path(dir, "sweep.json");
    if (!file_exists(path)) throw data_error(dir + ": no sweep.json (not a sweep directory)");
    const std::string text = read_file(path);
    if (config.empty()) config = text;
    else if (text != config)
      throw data_error("merge: " + dir + " was run with another configuration than " + dirs[0] +
                       " (their sweep.json differ)");
    // A shard killed and not resumed can end in a torn line: refuse it.
    for (const char* file : {"models.csv", "layers.csv"}) {
      const std::string text = read_file(join_path(dir, file));
      if (!text.empty() && text.back() != '\n')
        throw data_error(join_path(dir, file) + ": ends in a partly written line (the shard was interrupted); "
                         "finish it with ricci sweep --resume first");
    }
    const Table m = read_csv_table(join_path(dir, "models.csv"));
    const Table l = read_csv_table(join_path(dir, "layers.csv"));
    if (models.header.empty()) models.header = m.header, layers.header = l.header;
    if (m.header != models.header || l.header != layers.header)
      throw data_error("merge: " + dir + " has other columns than " + dirs[0]);
    for (const auto& row : m.rows) {
      const std::size_t index = parse_model_index(row[0], join_path(dir, "models.csv"));
      if (owner.count(index))
        throw data_error("merge: model " + row[0] + " is in both " + owner[index] + " and " + dir +
                         " (overlapping shards)");
      owner[index] = dir;
      model_rows[index] = row;
    }
    for (const auto& row : l.rows) {
      const std::size_t index = parse_model_index(row[0], join_path(dir, "layers.csv"));
      if (owner.count(index) && owner[index] == dir) layer_rows[index].push_back(row);
    }
  }
  for (const auto& [index, row] : model_rows) {
    models.rows.push_back(row);
    for (const auto& l : layer_rows[index]) layers.rows.push_back(l);
  }

  const JsonValue sweep = parse_json(config, join_path(dirs[0], "sweep.json"));
  std::size_t grid = 1;
  grid *= sweep.at("data", "sweep.json").at("datasets", "sweep.json").items.size();
  for (const char* key : {"widths", "depths", "seeds"}) grid *= sweep.at("model", "sweep.json").at(key, "sweep.json").items.size();
  const Sweep settings = sweep_settings(config, join_path(dirs[0], "sweep.json"));
  read_sweep_models(models, layers);  // checked before anything is written

  make_directories(out);
  write_file_atomically(join_path(out, "layers.csv"), csv_text(layers));
  write_protocol_files(out, settings, models, layers);  // groups.csv, best_k.csv, regression.csv, models.csv
  write_file_atomically(join_path(out, "shard.txt"), "0/1\n");
  write_file_atomically(join_path(out, "sweep.json"), config);
  if (models.rows.size() < grid)
    std::fprintf(stderr, "ricci: note: the shards hold %zu of the grid's %zu models; run the missing shards and merge again\n",
                 models.rows.size(), grid);
  if (!options.flag("quiet"))
    std::printf("merged %zu shards: %zu models into %s\n", dirs.size(), models.rows.size(), out.c_str());
  return 0;
}

}  // namespace ricci
