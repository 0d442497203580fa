// folders.cpp — folder kinds, their markers, the record of what ricci wrote
// and who may write where (folders.h).
#include "bin/experiment/folders.h"

#include <sys/stat.h>

#include <algorithm>
#include <set>

#include "bin/experiment/run_folder.h"
#include "data/error.h"
#include "data/io/table.h"
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

std::string marker_path(const std::string& dir) { return join_path(dir, kFolderMarkerName); }

bool is_hex_checksum(const std::string& text) {
  return text.size() == 16 && text.find_first_not_of("0123456789abcdef") == std::string::npos;
}

// A name a record may hold: NAME or SUB/NAME, neither empty, "." or "..",
// nor hidden, nor holding a control byte.
bool is_record_name(const std::string& name) {
  const std::size_t slash = name.find('/');
  const std::string first = name.substr(0, slash);
  const std::string second = slash == std::string::npos ? "x" : name.substr(slash + 1);
  for (const std::string& part : {first, second})
    if (part.empty() || part[0] == '.' || part.find('/') != std::string::npos) return false;
  for (unsigned char c : name)
    if (c < 0x20 || c == 0x7f) return false;
  return true;
}

std::string kind_word(FolderKind kind) {
  const KindInfo* k = info(kind);
  return k ? k->name : "";
}

enum class Entry { Absent, File, Folder, Other };

Entry entry_type(const std::string& path) {
  struct stat status;
  if (::lstat(path.c_str(), &status) != 0) return Entry::Absent;
  if (S_ISREG(status.st_mode)) return Entry::File;
  if (S_ISDIR(status.st_mode)) return Entry::Folder;
  return Entry::Other;
}

bool recorded_name(const FolderRecord& record, const std::string& name) {
  for (const RecordedFile& file : record.files)
    if (file.name == name) return true;
  return std::find(record.rows.begin(), record.rows.end(), name) != record.rows.end();
}

// Whether the record holds a file of the subfolder `sub` (ricci made it).
// A sweep's saved networks (models/<index>.bin) are proven by its row file
// weights.csv, which records each one's checksum (bin/sweep/networks.h).
constexpr const char kNetworksFolder[] = "models";
constexpr const char kNetworksTable[] = "weights.csv";

bool records_networks(const FolderRecord& record) {
  return record.kind == FolderKind::Sweep &&
         std::find(record.rows.begin(), record.rows.end(), kNetworksTable) != record.rows.end();
}

bool records_folder(const FolderRecord& record, const std::string& sub) {
  if (sub == kNetworksFolder && records_networks(record)) return true;
  for (const RecordedFile& file : record.files)
    if (file.name.compare(0, sub.size() + 1, sub + "/") == 0) return true;
  return false;
}

// Whether weights.csv in `dir` lists `name` with the checksum of its bytes.
bool network_listed(const std::string& dir, const std::string& name) {
  const std::string path = join_path(dir, kNetworksTable);
  if (!file_exists(path)) return false;
  const Table table = read_csv_table(path);
  const std::size_t file = table.column("file", path), checksum = table.column("checksum", path);
  for (const auto& row : table.rows)
    if (row[file] == name) return row[checksum] == file_checksum(join_path(dir, name));
  return false;
}

// Why dir/name is not proven (it is there): a usage error. `verb`: what
// ricci would do to it ("writes over", "removes", "replaces").
Error not_proven(const std::string& dir, const FolderRecord& record, const std::string& name, const std::string& verb) {
  const std::string path = join_path(dir, name);
  const std::string advice = "; move it away, or choose another folder";
  if (!file_exists(marker_path(dir)))
    return usage_error(path + " is in the way: ricci did not write it (" + dir + " has no " + kFolderMarkerName +
                       "), and ricci " + verb + " only files it can show it wrote" + advice);
  if (record.legacy)
    return usage_error(path + " is in the way: " + marker_path(dir) + " is from an older ricci and records no "
                       "checksums, so ricci cannot show it wrote the file, and ricci " + verb +
                       " only files it can show it wrote" + advice);
  if (!recorded_name(record, name))
    return usage_error(path + " is in the way: ricci did not write it (" + marker_path(dir) +
                       " records no such file), and ricci " + verb + " only files it can show it wrote" + advice);
  if (entry_type(path) != Entry::File)
    return usage_error(path + " is in the way: not the file ricci wrote there (a link or a folder now), and ricci " +
                       verb + " only files it can show it wrote" + advice);
  return usage_error(path + " has changed since ricci wrote it (its checksum is not the one " + marker_path(dir) +
                     " records), and ricci " + verb + " only files it can show it wrote" + advice);
}

// Every file of `dir` (not its marker, lock or temporaries) that `record`
// does not prove: a file of a subfolder ricci made as SUB/NAME, a subfolder
// it did not make (the record holds no file of it) as SUB/.
std::vector<std::string> unproven_files(const std::string& dir, const FolderRecord& record) {
  std::vector<std::string> unproven;
  for (const std::string& name : contents(dir)) {
    if (name == kFolderMarkerName) continue;
    const Entry type = entry_type(join_path(dir, name));
    if (type == Entry::Folder) {
      if (!records_folder(record, name)) {
        unproven.push_back(name + "/");
        continue;
      }
      for (const std::string& inner : list_directory(join_path(dir, name)))
        if (!is_proven(dir, record, name + "/" + inner)) unproven.push_back(name + "/" + inner);
    } else if (!is_proven(dir, record, name)) {
      unproven.push_back(name);
    }
  }
  return unproven;
}

std::string listed(const std::vector<std::string>& names) {
  std::string text;
  for (std::size_t i = 0; i < names.size() && i < 3; ++i) text += (i ? ", " : "") + names[i];
  if (names.size() > 3) text += ", ...";
  return text;
}

void write_record(const std::string& dir, const FolderRecord& record) {
  write_file_atomically(marker_path(dir), folder_record_text(record));
}

}  // namespace

FolderKind folder_kind(const std::string& dir) {
  struct stat status;
  if (::stat(dir.c_str(), &status) != 0) return FolderKind::Missing;
  if (!S_ISDIR(status.st_mode)) throw usage_error(dir + ": exists and is not a folder");
  const std::string marker = marker_path(dir);
  if (file_exists(marker)) {
    const std::string text = read_file(marker, 1 << 20);
    std::string word = text.substr(0, text.find('\n'));
    for (const KindInfo& k : kKinds)
      if (word == k.name) return k.kind;
    throw data_error(marker + ": unknown folder kind '" + word.substr(0, 20) + "' (expected run, analysis, sweep or report)");
  }
  return contents(dir).empty() ? FolderKind::Empty : FolderKind::Unmarked;
}

std::string folder_kind_text(const std::string& dir, FolderKind kind) {
  const KindInfo* k = info(kind);
  if (!k) return kind == FolderKind::Unmarked ? "a folder of other files" : "an empty folder";
  const bool has_defining = file_exists(join_path(dir, k->defining));
  return std::string(kind == FolderKind::Analysis ? "an " : "a ") + k->name + " folder (" +
         (has_defining ? k->defining : kFolderMarkerName) + ")";
}

std::string folder_record_text(const FolderRecord& record) {
  std::vector<RecordedFile> files = record.files;
  std::sort(files.begin(), files.end(), [](const RecordedFile& a, const RecordedFile& b) {
    return a.name != b.name ? a.name < b.name : a.checksum < b.checksum;
  });
  std::vector<std::string> rows = record.rows;
  std::sort(rows.begin(), rows.end());
  rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
  std::string text = kind_word(record.kind) + "\n";
  if (!record.run_id.empty()) text += "run_id " + record.run_id + "\n";
  for (std::size_t i = 0; i < files.size(); ++i)
    if (i == 0 || files[i].name != files[i - 1].name || files[i].checksum != files[i - 1].checksum)
      text += "file " + files[i].checksum + " " + files[i].name + "\n";
  for (const std::string& name : rows) text += "rows " + name + "\n";
  return text + "end " + checksum_text(text) + "\n";
}

FolderRecord read_folder_record(const std::string& dir) {
  const std::string path = marker_path(dir);
  const std::string text = read_file(path, 1 << 24);
  FolderRecord record;
  const std::string word = text.substr(0, text.find('\n'));
  for (const KindInfo& k : kKinds)
    if (word == k.name) record.kind = k.kind;
  if (record.kind == FolderKind::Missing)
    throw data_error(path + ": unknown folder kind '" + word.substr(0, 20) + "' (expected run, analysis or sweep)");
  if (text == word + "\n") {
    record.legacy = true;
    return record;
  }
  if (text.empty() || text.back() != '\n') throw data_error(path + ": does not end with a whole line (damaged)");
  std::size_t start = word.size() + 1;
  int line_number = 1;
  bool ended = false;
  while (start < text.size()) {
    const std::size_t end = text.find('\n', start);
    const std::string line = text.substr(start, end - start);
    ++line_number;
    const std::string where = path + ": line " + std::to_string(line_number) + ": ";
    if (ended) throw data_error(where + "a line after the end line");
    const std::size_t space = line.find(' ');
    const std::string key = line.substr(0, space), rest = space == std::string::npos ? "" : line.substr(space + 1);
    if (key == "run_id" && is_hex_checksum(rest) && record.kind == FolderKind::Run && record.run_id.empty()) {
      record.run_id = rest;
    } else if (key == "file" && rest.size() > 17 && is_hex_checksum(rest.substr(0, 16)) && rest[16] == ' ' &&
               is_record_name(rest.substr(17))) {
      record.files.push_back({rest.substr(17), rest.substr(0, 16)});
    } else if (key == "rows" && is_record_name(rest) && rest.find('/') == std::string::npos) {
      record.rows.push_back(rest);
    } else if (key == "end" && is_hex_checksum(rest)) {
      if (rest != checksum_text(text.substr(0, start)))
        throw data_error(path + ": its end line does not match the lines before it (the file was edited): ricci "
                                "cannot tell from it which files here are its own");
      ended = true;
    } else {
      throw data_error(where + "not a line of a folder record (expected run_id ID, file CHECKSUM NAME, rows NAME "
                               "or end CHECKSUM)");
    }
    start = end + 1;
  }
  if (!ended) throw data_error(path + ": no end line (damaged)");
  return record;
}

void verify_record(const std::string& dir, const FolderRecord& record) {
  if (record.kind != FolderKind::Run) return;  // their files are proven one by one
  const std::string marker = marker_path(dir);
  if (record.legacy)
    throw usage_error(marker + " is from an older ricci and records no checksums of the files it wrote, so ricci "
                               "cannot tell its files here from yours and writes nothing into " + dir +
                      ": train into a new folder");
  const std::string metrics = join_path(dir, "metrics.json");
  if (entry_type(metrics) == Entry::Absent)
    throw usage_error(dir + " has a run marker but no metrics.json: not a run folder ricci wrote whole; move the "
                            "files you keep away, or choose another folder");
  if (!is_proven(dir, record, "metrics.json"))
    throw usage_error(metrics + " is not the metrics.json ricci wrote here (" + marker + " records " +
                      (recorded_name(record, "metrics.json") ? "another checksum" : "none") +
                      "): ricci cannot show which files here are its own; restore it, or choose another folder");
  if (record.run_id.empty()) throw data_error(marker + ": a run folder's marker without its run_id");
  const RunMetrics read = read_run_metrics(dir);
  if (read.run_id != record.run_id)
    throw usage_error(marker + " records run " + record.run_id + ", but metrics.json is of run " +
                      (read.run_id.empty() ? "(none)" : read.run_id) +
                      ": ricci cannot show which files here are its own; choose another folder");
}

FolderRecord writable_record(const std::string& dir, FolderKind kind) {
  const FolderKind now = folder_kind(dir);
  if (now == FolderKind::Missing || now == FolderKind::Empty || now == FolderKind::Unmarked) {
    FolderRecord record;
    record.kind = kind;
    return record;
  }
  if (now != kind)
    throw usage_error(dir + " is " + folder_kind_text(dir, now) + ", not " +
                      (kind == FolderKind::Analysis ? "an " : "a ") + kind_word(kind) + " folder");
  FolderRecord record = read_folder_record(dir);
  verify_record(dir, record);
  // A sweep's row files are its own beside the sweep.json ricci wrote only:
  // a record copied to another folder proves no models.csv there.
  if (kind == FolderKind::Sweep && !is_proven(dir, record, "sweep.json")) record.rows.clear();
  return record;
}

bool is_proven(const std::string& dir, const FolderRecord& record, const std::string& name) {
  const std::string path = join_path(dir, name);
  if (entry_type(path) != Entry::File) return false;
  if (std::find(record.rows.begin(), record.rows.end(), name) != record.rows.end()) return true;
  if (name.rfind(std::string(kNetworksFolder) + "/", 0) == 0 && records_networks(record) && network_listed(dir, name))
    return true;
  std::string checksum;
  for (const RecordedFile& file : record.files)
    if (file.name == name) {
      if (checksum.empty()) checksum = file_checksum(path);
      if (file.checksum == checksum) return true;
    }
  return false;
}

void check_replaceable(const std::string& dir, const FolderRecord& record, const std::vector<std::string>& names,
                       const std::string& action) {
  for (const std::string& name : names) {
    if (!name.empty() && name.back() == '/') {
      const std::string sub = name.substr(0, name.size() - 1);
      const std::string path = join_path(dir, sub);
      const Entry type = entry_type(path);
      if (type == Entry::Absent) continue;
      if (type != Entry::Folder || !records_folder(record, sub)) throw not_proven(dir, record, sub, action);
      for (const std::string& inner : list_directory(path))
        if (!is_proven(dir, record, sub + "/" + inner)) throw not_proven(dir, record, sub + "/" + inner, action);
      continue;
    }
    const Entry type = entry_type(join_path(dir, name));
    if (type == Entry::Absent) continue;
    if (!is_proven(dir, record, name)) throw not_proven(dir, record, name, action);
  }
}

void commit_owned(OutputSet& set, FolderRecord record, const std::vector<std::string>& rows) {
  const std::string& dir = set.dir();
  // What the set writes over (a subfolder as "SUB/": replaced whole) and removes.
  std::vector<std::string> written, removed;
  std::set<std::string> replaced_top;  // top-level names whose old entries go
  for (const std::string& name : set.names()) {
    const std::size_t slash = name.find('/');
    const std::string target = slash == std::string::npos ? name : name.substr(0, slash + 1);
    if (std::find(written.begin(), written.end(), target) == written.end()) written.push_back(target);
    replaced_top.insert(name.substr(0, slash));
  }
  for (const std::string& name : set.removals()) {
    removed.push_back(entry_type(join_path(dir, name)) == Entry::Folder ? name + "/" : name);
    replaced_top.insert(name);
  }
  check_replaceable(dir, record, written, "writes over");
  check_replaceable(dir, record, removed, "removes");

  auto is_rows = [&](const std::string& name) {
    return std::find(rows.begin(), rows.end(), name) != rows.end() ||
           std::find(record.rows.begin(), record.rows.end(), name) != record.rows.end();
  };
  record.legacy = false;  // what is written now is recorded in full
  // Before the renames: the old files and the new ones (a row file by its
  // new bytes too, which prove it while the sweep.json that proves row
  // files may be missing: a kill between the renames).
  FolderRecord during = record;
  for (std::size_t i = 0; i < set.names().size(); ++i) {
    const std::string& name = set.names()[i];
    if (is_rows(name)) during.rows.push_back(name);
    during.files.push_back({name, set.checksums()[i]});
  }
  write_record(dir, during);
  set.commit();
  // After: the new files only.
  FolderRecord after = record;
  auto top_of = [](const std::string& name) { return name.substr(0, name.find('/')); };
  after.files.erase(std::remove_if(after.files.begin(), after.files.end(),
                                   [&](const RecordedFile& f) { return replaced_top.count(top_of(f.name)) > 0; }),
                    after.files.end());
  after.rows.erase(std::remove_if(after.rows.begin(), after.rows.end(),
                                  [&](const std::string& name) {
                                    return std::find(set.removals().begin(), set.removals().end(), name) !=
                                           set.removals().end();
                                  }),
                   after.rows.end());
  for (std::size_t i = 0; i < set.names().size(); ++i) {
    const std::string& name = set.names()[i];
    if (is_rows(name)) after.rows.push_back(name);
    else after.files.push_back({name, set.checksums()[i]});
  }
  // The saved networks are proven by weights.csv, which lists them (as a
  // sweep's store leaves them): not recorded one by one.
  if (records_networks(after))
    after.files.erase(std::remove_if(after.files.begin(), after.files.end(),
                                     [](const RecordedFile& f) {
                                       return f.name.rfind(std::string(kNetworksFolder) + "/", 0) == 0;
                                     }),
                      after.files.end());
  write_record(dir, after);
}

void record_rows(const std::string& dir, FolderRecord& record, const std::vector<std::string>& names) {
  std::vector<std::string> added;
  for (const std::string& name : names)
    if (std::find(record.rows.begin(), record.rows.end(), name) == record.rows.end()) added.push_back(name);
  if (added.empty()) return;
  check_replaceable(dir, record, added, "writes over");
  record.legacy = false;
  record.rows.insert(record.rows.end(), added.begin(), added.end());
  write_record(dir, record);
}

std::string run_marker_text(const std::vector<RecordedFile>& files, const std::string& run_id) {
  FolderRecord record;
  record.kind = FolderKind::Run;
  record.run_id = run_id;
  record.files = files;
  return folder_record_text(record);
}

FolderKind check_writable(const std::string& dir, Writer writer) {
  const FolderKind kind = folder_kind(dir);
  const bool fresh = kind == FolderKind::Missing || kind == FolderKind::Empty;
  const bool marked = kind == FolderKind::Run || kind == FolderKind::Analysis || kind == FolderKind::Sweep;
  auto verified = [&] {
    FolderRecord record = read_folder_record(dir);
    verify_record(dir, record);
    return record;
  };
  switch (writer) {
    case Writer::Train:
      if (fresh) return kind;
      if (kind == FolderKind::Run) {
        const std::vector<std::string> unproven = unproven_files(dir, verified());
        if (!unproven.empty())
          throw usage_error(dir + " holds " + listed(unproven) +
                            ", which ricci did not write (or which changed since); ricci train replaces a run folder "
                            "whole: move " + (unproven.size() == 1 ? "it" : "them") + " away, or choose another --out");
        return kind;
      }
      if (kind == FolderKind::Unmarked)
        throw usage_error(dir + " holds files that are not a ricci run (" + listed(contents(dir)) +
                          "); ricci train replaces its folder whole: choose a new or empty folder");
      throw usage_error(dir + " is " + folder_kind_text(dir, kind) + "; ricci train writes run folders");
    case Writer::Analyze:
      if (fresh || kind == FolderKind::Unmarked) return kind;
      if (kind == FolderKind::Analysis) {
        verified();
        return kind;
      }
      if (kind == FolderKind::Run)
        throw usage_error(dir + " is " + folder_kind_text(dir, kind) +
                          "; ricci analyze writes into a run folder only the analysis of that run");
      throw usage_error(dir + " is " + folder_kind_text(dir, kind) + "; ricci analyze --out writes analysis folders");
    case Writer::Sweep:
      if (fresh || kind == FolderKind::Unmarked) return kind;
      if (kind == FolderKind::Sweep) {
        verified();
        return kind;
      }
      throw usage_error(dir + " is " + folder_kind_text(dir, kind) + "; ricci sweep and run write sweep folders");
    case Writer::Merge:
      if (fresh || kind == FolderKind::Unmarked) return kind;
      if (kind == FolderKind::Sweep) throw usage_error("merge: " + dir + " already holds a sweep (sweep.json)");
      throw usage_error(dir + " is " + folder_kind_text(dir, kind) + "; ricci merge writes sweep folders");
    case Writer::Report:
      if (kind == FolderKind::Sweep) {
        verified();
        return kind;
      }
      if (kind == FolderKind::Unmarked && file_exists(join_path(dir, "sweep.json")))
        throw usage_error(dir + " holds a sweep.json but no " + kFolderMarkerName +
                          ": not a sweep folder ricci wrote, and ricci writes only into folders whose files it can "
                          "show it wrote");
      if (!marked) throw data_error(dir + ": no sweep.json (not a sweep folder)");
      throw usage_error(dir + " is " + folder_kind_text(dir, kind) + "; ricci report reports sweep folders");
    case Writer::PooledReport:
      if (fresh || kind == FolderKind::Report) return kind;
      throw usage_error(dir + " is " + folder_kind_text(dir, kind) +
                        "; ricci report --out writes a new folder, or replaces an earlier report over several sweeps");
  }
  return kind;
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
