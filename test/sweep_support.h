// sweep_support.h — what the sweep tests share: the files of two sweep
// folders compared byte for byte (the way every sweep test proves that a
// kill and resume, a shard and merge, an extend or a re-analysis gives what
// a single run gives), and the includes and names every one of them uses.
#pragma once

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "data/files.h"
#include "data/io/table.h"
#include "test/cli_support.h"

namespace ricci_test {

// True when each of `files` is in both folders with the same bytes, or in
// neither; one failed CHECK per file that differs, naming it.
inline bool same_files(const std::string& a, const std::string& b, const std::vector<std::string>& files) {
  bool same = true;
  for (const std::string& file : files) {
    CAPTURE(file);
    const std::string in_a = ricci::join_path(a, file), in_b = ricci::join_path(b, file);
    const bool equal = ricci::file_exists(in_a) == ricci::file_exists(in_b) &&
                       (!ricci::file_exists(in_a) || ricci::read_file(in_a) == ricci::read_file(in_b));
    CHECK(equal);
    same = same && equal;
  }
  return same;
}

// The files every sweep writes, and the protocol's.
inline const std::vector<std::string> kSweepFiles = {"sweep.json", "models.csv", "layers.csv", "coefficients.csv",
                                                     "groups.csv", "best_k.csv", "regression.csv", "early.csv"};

}  // namespace ricci_test
