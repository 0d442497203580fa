// data_zip.cpp — the zip reader on archives this test builds byte by byte
// from APPNOTE.TXT (stored members, CRC-32 from zlib), and on broken ones:
// every failure is one data error, never a crash or a partial result.
#include <doctest/doctest.h>
#include <zlib.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "data/error.h"
#include "data/io/zip.h"
#include "test/data_support.h"

using namespace ricci;
using ricci_test::check_error;

namespace {

void put(std::string& out, std::uint64_t value, int bytes) {
  for (int b = 0; b < bytes; ++b) out += static_cast<char>((value >> (8 * b)) & 0xff);
}

// A zip archive of stored members: local headers and data, the central
// directory, the end record. `flags` and `method` go into every header.
std::string stored_zip(const std::vector<std::pair<std::string, std::string>>& members, std::uint16_t flags = 0,
                       std::uint16_t method = 0) {
  std::string out, directory;
  for (const auto& [name, data] : members) {
    const std::uint32_t crc = static_cast<std::uint32_t>(
        crc32(0L, reinterpret_cast<const Bytef*>(data.data()), static_cast<uInt>(data.size())));
    const std::size_t offset = out.size();
    put(out, 0x04034b50, 4);
    put(out, 20, 2);  // version needed
    put(out, flags, 2);
    put(out, method, 2);
    put(out, 0, 4);  // time, date
    put(out, crc, 4);
    put(out, data.size(), 4);
    put(out, data.size(), 4);
    put(out, name.size(), 2);
    put(out, 0, 2);
    out += name + data;
    put(directory, 0x02014b50, 4);
    put(directory, 20, 2);
    put(directory, 20, 2);
    put(directory, flags, 2);
    put(directory, method, 2);
    put(directory, 0, 4);
    put(directory, crc, 4);
    put(directory, data.size(), 4);
    put(directory, data.size(), 4);
    put(directory, name.size(), 2);
    put(directory, 0, 2);  // extra
    put(directory, 0, 2);  // comment
    put(directory, 0, 2);  // disk
    put(directory, 0, 2);  // internal attributes
    put(directory, 0, 4);  // external attributes
    put(directory, offset, 4);
    directory += name;
  }
  const std::size_t directory_offset = out.size();
  out += directory;
  put(out, 0x06054b50, 4);
  put(out, 0, 4);  // disks
  put(out, members.size(), 2);
  put(out, members.size(), 2);
  put(out, directory.size(), 4);
  put(out, directory_offset, 4);
  put(out, 0, 2);  // comment
  return out;
}

const std::vector<std::pair<std::string, std::string>> kMembers = {{"b.npy", "second"}, {"a.npy", "first!"}};

}  // namespace

TEST_CASE("parse_zip reads stored members in the directory's order") {
  const std::vector<ZipMember> members = parse_zip(stored_zip(kMembers), "t.zip");
  REQUIRE(members.size() == 2);
  CHECK(members[0].name == "b.npy");
  CHECK(members[0].data == "second");
  CHECK(members[1].name == "a.npy");
  CHECK(members[1].data == "first!");
  CHECK(parse_zip(stored_zip({}), "empty.zip").empty());
  // An archive comment after the end record.
  std::string commented = stored_zip(kMembers);
  commented[commented.size() - 2] = 5;
  CHECK(parse_zip(commented + "hello", "c.zip").size() == 2);
}

TEST_CASE("parse_zip: every prefix of an archive is one data error") {
  const std::string zip = stored_zip(kMembers);
  for (std::size_t length = 0; length < zip.size(); ++length) {
    CAPTURE(length);
    const Error error = ricci_test::error_from([&] { parse_zip(zip.substr(0, length), "t.zip"); });
    CHECK(error.kind() == ErrorKind::Data);
  }
}

TEST_CASE("parse_zip refuses what np.savez never writes, and corrupt archives") {
  const auto bad = [](const std::string& bytes, const std::string& part) {
    check_error([&] { parse_zip(bytes, "t.zip"); }, ErrorKind::Data, part);
  };
  bad("not a zip at all, but long enough", "t.zip: not a valid zip archive: no end-of-central-directory record");
  bad(stored_zip({{"a.npy", "x"}, {"a.npy", "y"}}), "two members named a.npy");
  bad(stored_zip(kMembers, 1), "b.npy: encrypted members are not supported");
  bad(stored_zip(kMembers, 0, 12), "b.npy: compression method 12 is not supported");
  std::string flipped = stored_zip(kMembers);
  flipped[flipped.find("second")] = 'S';
  bad(flipped, "b.npy: CRC-32 mismatch");
  std::string renamed = stored_zip(kMembers);
  renamed[renamed.find("b.npy")] = 'c';  // the local header's copy of the name
  bad(renamed, "b.npy: the local header names another member");
  std::string split = stored_zip(kMembers);
  split[split.size() - 18] = 1;  // this disk's number
  bad(split, "split over several disks");
  std::string too_many = stored_zip(kMembers);
  too_many[too_many.size() - 12] = 9;  // 9 entries in the directory
  bad(too_many, "9 entries do not fit in a central directory of");
  std::string far = stored_zip(kMembers);
  far[far.size() - 3] = 0x7f;  // the directory's offset, 2^31 beyond
  bad(far, "the central directory lies beyond the end of the file");
}

TEST_CASE("parse_zip: the members' total size is capped before anything is inflated") {
  const std::string zip = stored_zip(kMembers);
  CHECK(parse_zip(zip, "t.zip", 12).size() == 2);
  const Error error = ricci_test::error_from([&] { parse_zip(zip, "t.zip", 11); });
  CHECK(error.kind() == ErrorKind::Data);
  CHECK(std::string(error.what()).find("t.zip: its members inflate to more than 11 bytes") != std::string::npos);
}
