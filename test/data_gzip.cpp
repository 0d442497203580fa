// data_gzip.cpp — tests of gzip inflation (data/gzip.h): round trips through
// zlib's own deflate, several members, and corrupt, truncated or padded
// streams.
#include <doctest/doctest.h>

#include "data/error.h"
#include "data/io/gzip.h"
#include "test/data_support.h"

using namespace ricci;
using ricci_test::check_error;
using ricci_test::contains;
using ricci_test::error_from;
using ricci_test::gzip_bytes;

namespace {

// Bytes that compress well but not trivially: a counting pattern.
std::string sample_bytes(std::size_t size) {
  std::string bytes(size, '\0');
  for (std::size_t i = 0; i < size; ++i) bytes[i] = static_cast<char>((i * 7 + i / 251) & 0xff);
  return bytes;
}

}  // namespace

TEST_CASE("gzip: plain bytes pass through, gzip bytes inflate, members concatenate") {
  const std::string plain = sample_bytes(3 << 20);  // larger than the first output buffer
  CHECK(!is_gzip(plain));
  CHECK(gunzip_if_compressed(plain, "plain") == plain);
  CHECK(gunzip_if_compressed("", "empty").empty());
  const std::string packed = gzip_bytes(plain);
  REQUIRE(is_gzip(packed));
  CHECK(packed.size() < plain.size() / 2);
  CHECK(gunzip_if_compressed(packed, "packed") == plain);
  CHECK(gunzip_if_compressed(gzip_bytes("first ") + gzip_bytes("second"), "two") == "first second");
  CHECK(gunzip_if_compressed(gzip_bytes(""), "empty member").empty());
}

TEST_CASE("gzip: a corrupt, truncated or padded stream is a data error naming the file") {
  const std::string packed = gzip_bytes(sample_bytes(100000));

  std::string corrupt = packed;
  corrupt[corrupt.size() / 2] = static_cast<char>(corrupt[corrupt.size() / 2] ^ 0x55);
  check_error([&] { gunzip_if_compressed(corrupt, "images.gz"); }, ErrorKind::Data, "images.gz: corrupt gzip stream");

  std::string bad_crc = packed;
  bad_crc[bad_crc.size() - 6] = static_cast<char>(bad_crc[bad_crc.size() - 6] ^ 1);  // in the CRC-32
  CHECK(contains(error_from([&] { gunzip_if_compressed(bad_crc, "crc.gz"); }).what(), "crc.gz: corrupt gzip"));

  for (std::size_t keep : {std::size_t{2}, std::size_t{10}, packed.size() / 2, packed.size() - 1}) {
    CAPTURE(keep);
    check_error([&] { gunzip_if_compressed(packed.substr(0, keep), "cut.gz"); }, ErrorKind::Data,
                "cut.gz: truncated gzip stream");
  }

  check_error([&] { gunzip_if_compressed(packed + "junk", "padded.gz"); }, ErrorKind::Data,
              "padded.gz: 4 unexpected bytes after the gzip stream");
}

TEST_CASE("gzip: inflating stops at the limit (a gzip bomb), naming the file; up to it, all is read") {
  const std::string plain = sample_bytes(5 << 20);
  const std::string packed = gzip_bytes(plain);
  CHECK(gunzip_if_compressed(packed, "exact.gz", plain.size()) == plain);
  const Error error = error_from([&] { gunzip_if_compressed(packed, "bomb.gz", plain.size() - 1); });
  CHECK(error.kind() == ErrorKind::Data);
  CHECK(error.subject() == "input size limit");  // printed as --max-input by the driver
  CHECK(contains(error.what(), "bomb.gz: inflates to more than 5 MiB, the limit on input read into memory"));
  // Zeros compress a thousandfold: 64 MiB of them stop at a 1 MiB limit.
  const std::string zeros = gzip_bytes(std::string(std::size_t{64} << 20, '\0'));
  CHECK(zeros.size() < (std::size_t{1} << 20) / 8);
  check_error([&] { gunzip_if_compressed(zeros, "zeros.gz", std::size_t{1} << 20); }, ErrorKind::Data,
              "zeros.gz: inflates to more than 1 MiB");
  // Several members count together.
  check_error([&] { gunzip_if_compressed(gzip_bytes("abc") + gzip_bytes("def"), "two.gz", 5); }, ErrorKind::Data,
              "two.gz: inflates to more than 5 bytes");
  CHECK(gunzip_if_compressed(gzip_bytes("abc") + gzip_bytes("def"), "two.gz", 6) == "abcdef");
}
