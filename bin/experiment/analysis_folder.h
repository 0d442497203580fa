// analysis_folder.h — the layers `ricci analyze` reads and the analysis
// folder it writes.
//
// Layers come from a run folder of `ricci train` (its checksums checked,
// run_folder.h), from NPY files given in the order of their numbers, or
// from one NPZ archive. An analysis is written whole (data/files.h):
// layers.csv, coefficients.csv, with --local the layer and local tables,
// with --export-graph the folder graphs/, the folder's marker, and
// analysis.json last, listing the files. Files an earlier analysis in the
// same folder wrote (as the folder's record proves, folders.h; never what
// analysis.json lists) and this one does not are removed at the commit, so
// the folder holds one analysis; a file in the way that ricci cannot show it
// wrote is a usage error, and nothing is written.
#pragma once

#include <string>
#include <vector>

#include "bin/experiment/run_folder.h"
#include "data/matrix.h"
#include "flow/analysis.h"

namespace ricci {

// Layer files are analysed in the order given, and that order must not
// contradict their names: of two files whose paths differ only in a
// trailing number before .npy (layer_2.npy, layer_10.npy), the smaller
// number comes first; a usage error otherwise. A name without that form
// (not ending in .npy: a pipe such as bash's /dev/fd/63 for <(...)) says
// no order and is taken where it is given.
void check_layer_order(const std::vector<std::string>& paths);

bool is_npz_name(const std::string& path);

// What to analyse: a run folder (RUN_DIR), NPY files or one NPZ file (--layers).
struct LayerSource {
  std::string run_dir;              // empty with --layers
  std::vector<std::string> layers;  // the NPY files of --layers
  std::string archive;              // the NPZ file of --layers
};

// The layers of `source`, each file read once (at most `limit` bytes from a
// pipe), and checked to be finite matrices of one number of rows.
struct LoadedLayers {
  std::vector<MatrixF> layers;
  std::vector<std::string> paths;  // what analysis.json names them by
  RunLayers run;                   // the run's id and labels, when a run is analysed
};
LoadedLayers load_layers(const LayerSource& source, std::size_t limit);

// What analysis.json records beside the analysis options.
struct AnalysisRecord {
  std::string out;          // the folder written
  bool into_run = false;    // the analysis of a run, in its own folder (no marker of its own)
  std::vector<int> ks;      // as analysed (empty for a radius graph)
  bool k_auto = false;      // --k auto
  std::string labels_path;  // the labels' file, or empty
};

// Checks, before anything is computed, that an analysis under `options` may
// write into `out` (into_run: the run folder it analyses): every file it
// would write over, and every file of an earlier analysis there it would
// remove, absent or proven ricci's by the folder's record
// (bin/experiment/folders.h); a usage error naming the first that is not.
void check_analysis_folder(const std::string& out, bool into_run, const AnalysisOptions& options);

// Writes the analysis folder whole (above). The caller holds its lock.
void write_analysis_folder(const AnalysisRecord& record, const Analysis& analysis, const AnalysisOptions& options,
                           const LoadedLayers& loaded);

}  // namespace ricci
