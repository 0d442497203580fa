// data_support.h — what the data tests share: a temporary directory that
// removes itself, a small file system to fill, writing test files (plain and
// gzipped, with zlib directly, not through the code under test), and
// catching the error a call throws.
#pragma once

#include <doctest/doctest.h>
#include <ftw.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <zlib.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "data/error.h"

namespace ricci_test {

// A fresh directory under /tmp (mkdtemp), removed with its contents at the
// end of the scope.
class TempDir {
 public:
  TempDir() {
    char pattern[] = "/tmp/ricci-test-XXXXXX";
    const char* made = ::mkdtemp(pattern);
    REQUIRE(made != nullptr);
    path_ = made;
  }
  ~TempDir() {
    ::nftw(
        path_.c_str(),
        [](const char* path, const struct stat*, int, struct FTW*) { return std::remove(path); }, 16,
        FTW_DEPTH | FTW_PHYS);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const { return path_ + "/" + name; }
  std::string operator/(const std::string& name) const { return file(name); }

 private:
  std::string path_;
};

// A small tmpfs mounted at `path` (created) for tests of a full disk, and
// unmounted at the end of the scope. mounted() is false where mounting is
// not allowed (not root, in a container without the capability): the test
// then skips with a message.
class SmallDisk {
 public:
  SmallDisk(const std::string& path, const std::string& size) : path_(path) {
    ::mkdir(path.c_str(), 0777);
    mounted_ = std::system(("mount -t tmpfs -o size=" + size + " tmpfs " + path + " 2>/dev/null").c_str()) == 0;
    if (!mounted_) MESSAGE("skipped: cannot mount a tmpfs at " << path << " (needs root)");
  }
  ~SmallDisk() {
    if (mounted_) std::system(("umount " + path_ + " 2>/dev/null").c_str());
  }
  SmallDisk(const SmallDisk&) = delete;
  SmallDisk& operator=(const SmallDisk&) = delete;

  bool mounted() const { return mounted_; }
  // Gives the file system `size` (mount -o remount).
  bool resize(const std::string& size) {
    return std::system(("mount -o remount,size=" + size + " " + path_).c_str()) == 0;
  }

 private:
  std::string path_;
  bool mounted_ = false;
};

inline void write_bytes(const std::string& path, const std::string& bytes) {
  std::FILE* file = std::fopen(path.c_str(), "wb");
  REQUIRE(file != nullptr);
  REQUIRE(std::fwrite(bytes.data(), 1, bytes.size(), file) == bytes.size());
  REQUIRE(std::fclose(file) == 0);
}

// One gzip member holding `bytes` (zlib's deflate with a gzip wrapper).
inline std::string gzip_bytes(const std::string& bytes) {
  z_stream stream{};
  REQUIRE(deflateInit2(&stream, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) == Z_OK);
  std::string out(deflateBound(&stream, bytes.size()) + 32, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  stream.avail_in = static_cast<uInt>(bytes.size());
  stream.next_out = reinterpret_cast<Bytef*>(&out[0]);
  stream.avail_out = static_cast<uInt>(out.size());
  REQUIRE(deflate(&stream, Z_FINISH) == Z_STREAM_END);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

// The ricci::Error that `call` throws; fails the test when it throws none.
template <class Call>
ricci::Error error_from(Call&& call) {
  try {
    call();
  } catch (const ricci::Error& error) {
    return error;
  }
  FAIL("expected a ricci::Error");
  return ricci::Error(ricci::ErrorKind::Data, "");
}

// True when `text` contains `part`.
inline bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// Checks that `call` throws a ricci::Error of `kind` whose message contains
// `part` (the message is shown when it does not).
template <class Call>
void check_error(Call&& call, ricci::ErrorKind kind, const std::string& part) {
  const ricci::Error error = error_from(call);
  CHECK(error.kind() == kind);
  CHECK_MESSAGE(contains(error.what(), part), std::string(error.what()));
}

}  // namespace ricci_test
