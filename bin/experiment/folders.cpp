// folders.cpp — folder kinds, their markers and who may write where.
#include "bin/experiment/folders.h"

#include <sys/stat.h>

#include "data/error.h"
#include "data/folder_lock.h"

namespace ricci {

namespace {

struct KindInfo {
  FolderKind kind;
  const char* name;      // the marker's word
  const char* defining;  // the file that defines a folder of this kind
};
const KindInfo kKinds[] = {
    {FolderKind::Run, "run", "metrics.json"},
    {FolderKind::Analysis, "analysis", "analysis.json"},
    {FolderKind::Sweep, "sweep", "sweep.json"},
    {FolderKind::Report, "report", "report.json"},
};

const KindInfo* info(FolderKind kind) {
  for (const KindInfo& k : kKinds)
    if (k.kind == kind) return &k;
  return nullptr;
}

// The folder's entries other than ricci's lock and temporaries.
std::vector<std::string> contents(const std::string& dir) {
  std::vector<std::string> names;
  for (const std::string& name : list_directory(dir))
    if (name != kLockFileName && !is_temporary_name(name)) names.push_back(name);
  return names;
}

}  // namespace

FolderKind folder_kind(const std::string& dir) {
  struct stat status;
  if (::stat(dir.c_str(), &status) != 0) return FolderKind::Missing;
  if (!S_ISDIR(status.st_mode)) throw usage_error(dir + ": exists and is not a folder");
  const std::string marker = join_path(dir, kFolderMarkerName);
  if (file_exists(marker)) {
    std::string word = read_file(marker, 64);
    if (!word.empty() && word.back() == '\n') word.pop_back();
    for (const KindInfo& k : kKinds)
      if (word == k.name) return k.kind;
    throw data_error(marker + ": unknown folder kind '" + word.substr(0, 20) + "' (expected run, analysis, sweep or report)");
  }
  for (FolderKind kind : {FolderKind::Sweep, FolderKind::Run, FolderKind::Analysis, FolderKind::Report})
    if (file_exists(join_path(dir, info(kind)->defining))) return kind;
  return contents(dir).empty() ? FolderKind::Empty : FolderKind::Unmarked;
}

std::string folder_kind_text(const std::string& dir, FolderKind kind) {
  const KindInfo* k = info(kind);
  if (!k) return kind == FolderKind::Unmarked ? "a folder of other files" : "an empty folder";
  const bool has_defining = file_exists(join_path(dir, k->defining));
  return std::string(kind == FolderKind::Analysis ? "an " : "a ") + k->name + " folder (" +
         (has_defining ? k->defining : kFolderMarkerName) + ")";
}

FolderKind check_writable(const std::string& dir, Writer writer) {
  const FolderKind kind = folder_kind(dir);
  const bool fresh = kind == FolderKind::Missing || kind == FolderKind::Empty;
  switch (writer) {
    case Writer::Train:
      if (fresh || kind == FolderKind::Run) return kind;
      if (kind == FolderKind::Unmarked) {
        throw usage_error(dir + " holds files that are not a ricci run (" + contents(dir)[0] +
                          ", ...); ricci train replaces its folder whole: choose a new or empty folder");
      }
      throw usage_error(dir + " is " + folder_kind_text(dir, kind) + "; ricci train writes run folders");
    case Writer::Analyze:
      if (fresh || kind == FolderKind::Unmarked || kind == FolderKind::Analysis) return kind;
      if (kind == FolderKind::Run)
        throw usage_error(dir + " is " + folder_kind_text(dir, kind) +
                          "; ricci analyze writes into a run folder only the analysis of that run");
      throw usage_error(dir + " is " + folder_kind_text(dir, kind) + "; ricci analyze --out writes analysis folders");
    case Writer::Sweep:
      if (fresh || kind == FolderKind::Unmarked || kind == FolderKind::Sweep) return kind;
      throw usage_error(dir + " is " + folder_kind_text(dir, kind) + "; ricci sweep and run write sweep folders");
    case Writer::Merge:
      if (fresh || kind == FolderKind::Unmarked) return kind;
      if (kind == FolderKind::Sweep) throw usage_error("merge: " + dir + " already holds a sweep (sweep.json)");
      throw usage_error(dir + " is " + folder_kind_text(dir, kind) + "; ricci merge writes sweep folders");
    case Writer::Report:
      if (kind == FolderKind::Sweep) return kind;
      if (kind == FolderKind::Missing || kind == FolderKind::Empty || kind == FolderKind::Unmarked)
        throw data_error(dir + ": no sweep.json (not a sweep folder)");
      throw usage_error(dir + " is " + folder_kind_text(dir, kind) + "; ricci report reports sweep folders");
    case Writer::PooledReport:
      if (fresh || kind == FolderKind::Report) return kind;
      throw usage_error(dir + " is " + folder_kind_text(dir, kind) +
                        "; ricci report --out writes a new folder, or replaces an earlier report over several sweeps");
  }
  return kind;
}

void mark_folder(OutputSet& set, FolderKind kind) {
  const KindInfo* k = info(kind);
  if (k) set.add(kFolderMarkerName, std::string(k->name) + "\n");
}

std::string command_line(const std::string& name, const std::vector<std::string>& args) {
  std::string line = "ricci " + name;
  for (const std::string& arg : args) line += " " + arg;
  return line;
}

bool same_folder(const std::string& a, const std::string& b) {
  struct stat first, second;
  return ::stat(a.c_str(), &first) == 0 && ::stat(b.c_str(), &second) == 0 && first.st_dev == second.st_dev &&
         first.st_ino == second.st_ino;
}

}  // namespace ricci
