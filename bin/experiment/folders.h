// folders.h — which command writes what into which folder, and the proof
// of what ricci wrote there.
//
// A folder ricci writes is of one of three kinds, named by the first line of
// the file `.ricci-folder` inside it (its marker):
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
// Ownership is proven, never guessed from a name. The marker records, after
// its kind, a run folder's run_id (metrics.json's) and every file ricci
// wrote into the folder with its checksum (a file of a subfolder as
// SUB/NAME), or, for the files a sweep appends its rows to, its name (ricci
// created it where there was none); a last line holds the checksum of the
// lines before it (FolderRecord below). ricci writes over, replaces or
// removes a file only when the record proves it is its own: a regular file
// whose checksum the record holds, or one of the sweep's row files; a
// subfolder it replaces whole only when every file in it is proven. A file
// of the user's in the way, whatever its name, a file ricci wrote that has
// changed since, a marker that does not check out (edited, or a run's copied
// to another folder), is one error line, and nothing is changed. A folder
// without a marker holds nothing of ricci's: a metrics.json or sweep.json in
// it is the user's file; a marker of one word (an older ricci's) proves no
// file either, and a run folder with one is not replaced.
//
// Every command that writes takes the folder's lock (data/folder_lock.h),
// then checks its kind (check_writable) before it reads or computes
// anything. The rules, per command (docs/formats.md has the table):
//
//   train           a new or empty folder, or a run folder every file of
//                   which is proven ricci's (replaced whole)
//   analyze         the run folder it analyses; else (--out) a new, empty,
//                   unmarked or analysis folder
//   sweep, run      a new, empty or unmarked folder, or a sweep folder
//                   (resumed)
//   merge           a new, empty or unmarked folder
//   report          a sweep folder; with several sweeps (--out), a new or
//                   empty folder or an earlier report folder (replaced whole)
//
// and in an unmarked folder, or beside the files of a marked one, every
// file the command writes must be absent or proven (check_replaceable).
#pragma once

#include <string>
#include <vector>

#include "data/files.h"

namespace ricci {

enum class FolderKind {
  Missing,   // does not exist
  Empty,     // exists, holds nothing but ricci's lock and temporaries
  Unmarked,  // holds other files and no marker: nothing in it is ricci's
  Run,
  Analysis,
  Sweep,
  Report,  // a report over several sweeps (`ricci report SWEEP... --out DIR`)
};

// The kind of `dir`, from its marker's first line. A marker that names no
// kind is a data error. (The kind alone: check_writable verifies the
// record.)
FolderKind folder_kind(const std::string& dir);

// "a run folder (metrics.json)", "a sweep folder (sweep.json)", ...
std::string folder_kind_text(const std::string& dir, FolderKind kind);

// The writers of check_writable.
enum class Writer { Train, Analyze, Sweep, Merge, Report, PooledReport };

// Checks that `writer` may write into `dir` (the rules above) and returns its
// kind; a usage error naming the folder, its kind and what the command
// writes otherwise. A marked folder's record is verified (verify_record);
// for train, every file of a run folder must be proven (it is replaced
// whole). Analyze here is analyze --out into another folder than the run it
// reads.
FolderKind check_writable(const std::string& dir, Writer writer);

// The name of the marker file.
inline constexpr const char kFolderMarkerName[] = ".ricci-folder";

// What a marker records.
struct RecordedFile {
  std::string name;      // "layers.csv", or "figures/rho.svg" in a subfolder
  std::string checksum;  // checksum_text of the bytes ricci wrote
};
struct FolderRecord {
  FolderKind kind = FolderKind::Missing;  // Run, Analysis or Sweep
  std::string run_id;                     // a run folder's: metrics.json's run_id
  // The files ricci wrote. A name is listed twice only while a command
  // replaces it (the old and the new bytes), so that a kill between the
  // renames leaves a folder whose files are all still proven.
  std::vector<RecordedFile> files;
  std::vector<std::string> rows;  // the files a sweep appends its rows to
  bool legacy = false;            // the one word of an older ricci: nothing recorded
};

// The marker's text: the kind, "run_id ID" (run folders), "file CHECKSUM
// NAME" and "rows NAME" lines (sorted), and "end CHECKSUM" of the lines
// before it.
std::string folder_record_text(const FolderRecord& record);
// The record of `dir`'s marker; a data error naming the marker and its line
// when it is malformed or its end line does not match (edited). A marker of
// one word is a legacy record.
FolderRecord read_folder_record(const std::string& dir);

// Checks that a run folder's record is one ricci wrote for the run the folder
// holds: not legacy, its metrics.json proven and of the record's run_id; a
// usage error saying what does not check out otherwise. (The files of an
// analysis or sweep folder are proven one by one when they are written
// over; a legacy record proves none of them.)
void verify_record(const std::string& dir, const FolderRecord& record);

// The record a command writing into `dir` starts from: the verified record
// of a marked folder (a usage error when its kind is not `kind`; a sweep
// folder's row files count as ricci's only beside the sweep.json it
// records), or a new record of `kind` for a missing, empty or unmarked
// folder.
FolderRecord writable_record(const std::string& dir, FolderKind kind);

// Whether dir/`name` is proven ricci's by `record`: a regular file (not a
// link) whose checksum the record holds, or one of its row files.
bool is_proven(const std::string& dir, const FolderRecord& record, const std::string& name);

// Checks that each of `names` (a file of dir, or "SUB/" for the subfolder SUB,
// replaced or removed whole) is absent or proven; `action` says what ricci
// would do to it ("writes over", "removes"). A usage error naming the
// first that is not, and why, otherwise.
void check_replaceable(const std::string& dir, const FolderRecord& record, const std::vector<std::string>& names,
                       const std::string& action = "writes over");

// Commits `set` (not a replacing_folder set) into its folder as a folder of
// `kind` whose record is `record` (from writable_record): checks that every
// file it writes over or removes is proven (check_replaceable), records the
// new files beside the old ones in the marker, commits the set, then
// records only the new ones. `rows`: the names of the set that are row
// files of a sweep (recorded by name).
void commit_owned(OutputSet& set, FolderRecord record, const std::vector<std::string>& rows = {});

// Records `names` as row files of the sweep folder `dir` (rewriting its
// marker), each absent or proven by `record`; for a row file a resumed sweep
// creates.
void record_rows(const std::string& dir, FolderRecord& record, const std::vector<std::string>& names);

// The marker of a run folder train writes whole: `files` with their
// checksums (metrics.json among them) and the run_id.
std::string run_marker_text(const std::vector<RecordedFile>& files, const std::string& run_id);

// "ricci NAME ARGS...", the holder written into a lock file.
std::string command_line(const std::string& name, const std::vector<std::string>& args);

// True when both paths name the same existing folder (through links too).
bool same_folder(const std::string& a, const std::string& b);

}  // namespace ricci
