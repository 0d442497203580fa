// merge.h — combining the shards of a sweep (`ricci merge`) into exactly the
// result of the unsharded sweep.
//
// Every shard's sweep.json is read as strictly as the command line
// (config.h) and must hold the same configuration; every shard's rows are
// checked (each model once, in its shard, with all its layer rows), and a
// model index found in two shards is refused. Rows are put back in grid
// order (layers.csv rows keep their order within a model) and the
// protocol's files (groups.csv, best_k.csv, regression.csv and models.csv's
// protocol columns) are recomputed from the merged rows; a tracking sweep's
// training_geometry.csv rows are put back in grid order like layers.csv's,
// and so are weights.csv's, each saved network copied into models/ once
// its size and checksum match its row (networks.h). So the result equals, byte for byte, a single sweep of the grid; its
// sweep.json records shard 0/1.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace ricci {

struct MergeSummary {
  std::size_t models = 0;       // merged
  std::size_t grid_models = 0;  // of the sweep's grid
};

// Merges the shard folders `dirs` into `out`, whose lock the caller holds
// and whose kind it has checked (bin/experiment/folders.h); the shards are
// locked for reading meanwhile. Data errors name the shard and file; nothing
// is written then.
MergeSummary merge_shards(const std::vector<std::string>& dirs, const std::string& out);

}  // namespace ricci
