// folders.h — which command writes what into which folder.
//
// A folder ricci writes is of one of three kinds, named by the file
// `.ricci-folder` inside it (one word and a newline):
//
//   run       `ricci train`: metrics.json, model.bin, labels.npy, layer_<l>.npy;
//             and the analysis of that run by `ricci analyze RUN_DIR`
//   analysis  `ricci analyze --out DIR`: layers.csv, coefficients.csv, ...
//   sweep     `ricci sweep`, `run` and `merge`: sweep.json, models.csv,
//             layers.csv, groups.csv; and `ricci report`'s summary.md and
//             figures/
//   report    `ricci report SWEEP... --out DIR`: report.json, summary.md,
//             regression.csv, figures/
//
// A folder without the marker (made before it existed) is known by its
// defining file: sweep.json, metrics.json or analysis.json. Every command
// that writes takes the folder's lock (data/folder_lock.h), then checks its
// kind (check_writable) before it reads or computes anything; writing into a
// folder of another kind is a usage error that says what the folder is.
// The rules, per command (docs/formats.md has the table):
//
//   train           a new or empty folder, or a run folder (replaced whole)
//   analyze         the run folder it analyses; else (--out) a new, empty,
//                   unmarked or analysis folder
//   sweep, run      a new, empty or unmarked folder, or a sweep folder
//                   (resumed)
//   merge           a new, empty or unmarked folder
//   report          a sweep folder; with several sweeps (--out), a new or
//                   empty folder or an earlier report folder (replaced whole)
#pragma once

#include <string>
#include <vector>

#include "data/files.h"

namespace ricci {

enum class FolderKind {
  Missing,   // does not exist
  Empty,     // exists, holds nothing but ricci's lock and temporaries
  Unmarked,  // holds other files and no marker
  Run,
  Analysis,
  Sweep,
  Report,  // a report over several sweeps (`ricci report SWEEP... --out DIR`)
};

// The kind of `dir`: its marker, or else its defining file. A marker that
// names no kind is a data error.
FolderKind folder_kind(const std::string& dir);

// "a run folder (metrics.json)", "a sweep folder (sweep.json)", ...
std::string folder_kind_text(const std::string& dir, FolderKind kind);

// The writers of check_writable.
enum class Writer { Train, Analyze, Sweep, Merge, Report, PooledReport };

// Checks that `writer` may write into `dir` (the rules above) and returns its
// kind; a usage error naming the folder, its kind and what the command
// writes otherwise. Analyze here is analyze --out into another folder than
// the run it reads.
FolderKind check_writable(const std::string& dir, Writer writer);

// Adds the marker of `kind` (Run, Analysis or Sweep) to an output set.
void mark_folder(OutputSet& set, FolderKind kind);

// The name of the marker file.
inline constexpr const char kFolderMarkerName[] = ".ricci-folder";

// "ricci NAME ARGS...", the holder written into a lock file.
std::string command_line(const std::string& name, const std::vector<std::string>& args);

// True when both paths name the same existing folder (through links too).
bool same_folder(const std::string& a, const std::string& b);

}  // namespace ricci
