// zip.cpp — the zip reader: end records, central directory, members.
#include "data/io/zip.h"

#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <new>
#include <set>

#include "data/error.h"

namespace ricci {

namespace {

constexpr std::uint32_t kLocalHeader = 0x04034b50;       // "PK\3\4"
constexpr std::uint32_t kCentralEntry = 0x02014b50;      // "PK\1\2"
constexpr std::uint32_t kEndRecord = 0x06054b50;         // "PK\5\6"
constexpr std::uint32_t kZip64EndRecord = 0x06064b50;    // "PK\6\6"
constexpr std::uint32_t kZip64EndLocator = 0x07064b50;   // "PK\6\7"
constexpr std::size_t kEndRecordSize = 22, kZip64EndRecordSize = 56, kZip64LocatorSize = 20;
constexpr std::size_t kCentralEntrySize = 46, kLocalHeaderSize = 30;
constexpr std::uint32_t kFlagEncrypted = 1;
constexpr std::uint16_t kStored = 0, kDeflated = 8;

// The archive's bytes, read as little-endian fields; every read is
// range-checked and a read past the end is a data error naming the archive.
class Reader {
 public:
  Reader(const std::string& bytes, const std::string& name) : bytes_(bytes), name_(name) {}

  std::uint64_t field(std::size_t offset, std::size_t size, const char* what) const {
    if (offset > bytes_.size() || bytes_.size() - offset < size) fail(std::string("truncated ") + what);
    std::uint64_t value = 0;
    for (std::size_t b = size; b-- > 0;) value = (value << 8) | static_cast<unsigned char>(bytes_[offset + b]);
    return value;
  }
  std::uint16_t u16(std::size_t offset, const char* what) const {
    return static_cast<std::uint16_t>(field(offset, 2, what));
  }
  std::uint32_t u32(std::size_t offset, const char* what) const {
    return static_cast<std::uint32_t>(field(offset, 4, what));
  }
  std::uint64_t u64(std::size_t offset, const char* what) const { return field(offset, 8, what); }
  // `size` bytes at `offset`, which must lie in the archive.
  void check_range(std::uint64_t offset, std::uint64_t size, const std::string& what) const {
    if (offset > bytes_.size() || bytes_.size() - offset < size) fail(what + " lies beyond the end of the file");
  }
  std::string text(std::size_t offset, std::size_t size, const char* what) const {
    check_range(offset, size, what);
    return bytes_.substr(offset, size);
  }
  std::size_t size() const { return bytes_.size(); }
  const char* at(std::size_t offset) const { return bytes_.data() + offset; }

  [[noreturn]] void fail(const std::string& what) const {
    throw data_error(name_ + ": not a valid zip archive: " + what);
  }

 private:
  const std::string& bytes_;
  const std::string& name_;
};

// Where the central directory is and how many entries it has.
struct Directory {
  std::uint64_t offset = 0, size = 0, entries = 0;
};

// The end record: the last "PK\5\6" whose comment runs exactly to the end
// of the file. With 0xffff or 0xffffffff in a field, the zip64 end record
// (through its locator, just before) holds the field's value.
Directory find_directory(const Reader& zip) {
  if (zip.size() < kEndRecordSize) zip.fail("too short for an end-of-central-directory record");
  std::size_t end = zip.size() - kEndRecordSize;
  const std::size_t lowest = end > 0xffff ? end - 0xffff : 0;  // the comment is at most 65535 bytes
  for (;; --end) {
    const bool signature = zip.u32(end, "end record") == kEndRecord;
    if (signature && zip.u16(end + 20, "end record") == zip.size() - end - kEndRecordSize) break;
    if (end == lowest) zip.fail("no end-of-central-directory record");
  }
  if (zip.u16(end + 4, "end record") != 0 || zip.u16(end + 6, "end record") != 0)
    zip.fail("the archive is split over several disks");
  Directory directory;
  directory.entries = zip.u16(end + 10, "end record");
  directory.size = zip.u32(end + 12, "end record");
  directory.offset = zip.u32(end + 16, "end record");
  if (directory.entries != 0xffff && directory.size != 0xffffffff && directory.offset != 0xffffffff)
    return directory;

  if (end < kZip64LocatorSize || zip.u32(end - kZip64LocatorSize, "zip64 locator") != kZip64EndLocator)
    zip.fail("an end record with zip64 values but no zip64 locator");
  const std::uint64_t record = zip.u64(end - kZip64LocatorSize + 8, "zip64 locator");
  zip.check_range(record, kZip64EndRecordSize, "the zip64 end record");
  if (zip.u32(record, "zip64 end record") != kZip64EndRecord) zip.fail("no zip64 end record where its locator points");
  if (zip.u32(record + 16, "zip64 end record") != 0 || zip.u32(record + 20, "zip64 end record") != 0)
    zip.fail("the archive is split over several disks");
  directory.entries = zip.u64(record + 32, "zip64 end record");
  directory.size = zip.u64(record + 40, "zip64 end record");
  directory.offset = zip.u64(record + 48, "zip64 end record");
  return directory;
}

// One central-directory entry, its zip64 values filled in.
struct Entry {
  std::string name;
  std::uint16_t method = 0;
  std::uint32_t crc = 0;
  std::uint64_t compressed = 0, uncompressed = 0, local_offset = 0;
};

// Reads the entry at `offset` and moves `offset` past it.
Entry read_entry(const Reader& zip, std::uint64_t& offset) {
  if (zip.u32(offset, "central directory") != kCentralEntry) zip.fail("a central-directory entry has a bad signature");
  Entry entry;
  const std::uint16_t flags = zip.u16(offset + 8, "central directory");
  entry.method = zip.u16(offset + 10, "central directory");
  entry.crc = zip.u32(offset + 16, "central directory");
  entry.compressed = zip.u32(offset + 20, "central directory");
  entry.uncompressed = zip.u32(offset + 24, "central directory");
  const std::size_t name_length = zip.u16(offset + 28, "central directory");
  const std::size_t extra_length = zip.u16(offset + 30, "central directory");
  const std::size_t comment_length = zip.u16(offset + 32, "central directory");
  const std::uint16_t disk = zip.u16(offset + 34, "central directory");
  entry.local_offset = zip.u32(offset + 42, "central directory");
  entry.name = zip.text(offset + kCentralEntrySize, name_length, "a member's name");
  if (flags & kFlagEncrypted) zip.fail(entry.name + ": encrypted members are not supported");

  // The zip64 extra field holds, in this order, each of the uncompressed
  // size, compressed size, local header offset and disk that is all ones above.
  const std::size_t extra = offset + kCentralEntrySize + name_length;
  zip.check_range(extra, extra_length + comment_length, "a member's extra field");
  for (std::size_t at = extra; at + 4 <= extra + extra_length;) {
    const std::uint16_t id = zip.u16(at, "extra field");
    const std::size_t length = zip.u16(at + 2, "extra field");
    if (at + 4 + length > extra + extra_length) zip.fail(entry.name + ": an extra field runs past its entry");
    if (id == 1) {
      std::size_t next = at + 4;
      auto widen = [&](std::uint64_t& value) {
        if (value != 0xffffffff) return;
        if (next + 8 > at + 4 + length) zip.fail(entry.name + ": a zip64 extra field is too short");
        value = zip.u64(next, "zip64 extra field");
        next += 8;
      };
      widen(entry.uncompressed);
      widen(entry.compressed);
      widen(entry.local_offset);
    }
    at += 4 + length;
  }
  if (disk != 0 && disk != 0xffff) zip.fail("the archive is split over several disks");
  offset = extra + extra_length + comment_length;
  return entry;
}

// The entry's data, inflated if deflated, checked against its size and CRC-32.
std::string member_data(const Reader& zip, const Entry& entry) {
  const std::uint64_t local = entry.local_offset;
  zip.check_range(local, kLocalHeaderSize, entry.name + ": the local header");
  if (zip.u32(local, "local header") != kLocalHeader) zip.fail(entry.name + ": bad local header signature");
  const std::size_t name_length = zip.u16(local + 26, "local header");
  const std::size_t extra_length = zip.u16(local + 28, "local header");
  if (zip.text(local + kLocalHeaderSize, name_length, "a local name") != entry.name)
    zip.fail(entry.name + ": the local header names another member");
  const std::uint64_t start = local + kLocalHeaderSize + name_length + extra_length;
  zip.check_range(start, entry.compressed, entry.name + ": the data");

  std::string data;
  if (entry.method == kStored) {
    if (entry.compressed != entry.uncompressed) zip.fail(entry.name + ": a stored member's two sizes differ");
    data.assign(zip.at(start), entry.compressed);
  } else if (entry.method == kDeflated) {
    data.resize(entry.uncompressed);
    z_stream stream{};
    if (inflateInit2(&stream, -MAX_WBITS) != Z_OK) throw std::bad_alloc();  // raw deflate, no wrapper
    std::uint64_t in = 0, out = 0;
    int status = Z_OK;
    char spare;  // one byte beyond the declared size: more output is an error
    while (status == Z_OK) {
      // zlib counts in 32-bit uInt: at most 1 GiB each way per call.
      const std::uint64_t in_chunk = std::min<std::uint64_t>(entry.compressed - in, 1u << 30);
      const std::uint64_t out_chunk = std::min<std::uint64_t>(entry.uncompressed - out, 1u << 30);
      stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(zip.at(start + in)));
      stream.avail_in = static_cast<uInt>(in_chunk);
      stream.next_out = reinterpret_cast<Bytef*>(out_chunk > 0 ? &data[out] : &spare);
      stream.avail_out = static_cast<uInt>(out_chunk > 0 ? out_chunk : 1);
      status = inflate(&stream, Z_NO_FLUSH);
      in += in_chunk - stream.avail_in;
      out += (out_chunk > 0 ? out_chunk : 1) - stream.avail_out;
      if (out > entry.uncompressed) break;  // the spare byte was written: too much output
      if (status == Z_BUF_ERROR && in < entry.compressed && out < entry.uncompressed) status = Z_OK;
    }
    inflateEnd(&stream);
    if (status == Z_MEM_ERROR) throw std::bad_alloc();
    if (status != Z_STREAM_END || out != entry.uncompressed || in != entry.compressed)
      zip.fail(entry.name + ": corrupt deflated data (it does not inflate to " + std::to_string(entry.uncompressed) +
               " bytes from " + std::to_string(entry.compressed) + ")");
  } else {
    zip.fail(entry.name + ": compression method " + std::to_string(entry.method) +
             " is not supported (expected stored or deflated, as np.savez and np.savez_compressed write)");
  }
  uLong crc = crc32(0L, Z_NULL, 0);
  for (std::size_t at = 0; at < data.size(); at += std::size_t{1} << 30)
    crc = crc32(crc, reinterpret_cast<const Bytef*>(data.data() + at),
                static_cast<uInt>(std::min<std::size_t>(data.size() - at, std::size_t{1} << 30)));
  if (crc != entry.crc) zip.fail(entry.name + ": CRC-32 mismatch (the member is corrupt)");
  return data;
}

}  // namespace

std::vector<ZipMember> parse_zip(const std::string& bytes, const std::string& name, std::size_t limit) {
  const Reader zip(bytes, name);
  const Directory directory = find_directory(zip);
  zip.check_range(directory.offset, directory.size, "the central directory");
  // Each entry takes at least 46 bytes: a count beyond that is a lie.
  if (directory.entries > directory.size / kCentralEntrySize)
    zip.fail(std::to_string(directory.entries) + " entries do not fit in a central directory of " +
             std::to_string(directory.size) + " bytes");
  std::vector<Entry> entries;
  std::set<std::string> names;
  std::uint64_t offset = directory.offset, total = 0;
  for (std::uint64_t i = 0; i < directory.entries; ++i) {
    entries.push_back(read_entry(zip, offset));
    if (offset > directory.offset + directory.size) zip.fail("the central directory runs past its stated size");
    if (!names.insert(entries.back().name).second) zip.fail("two members named " + entries.back().name);
    if (entries.back().uncompressed > limit - total)  // total <= limit holds before
      throw data_error("input size limit", name + ": its members inflate to more than " + byte_size_text(limit) +
                                               ", the limit on input read into memory");
    total += entries.back().uncompressed;
  }
  std::vector<ZipMember> members;
  try {
    for (const Entry& entry : entries) members.push_back({entry.name, member_data(zip, entry)});
  } catch (const std::bad_alloc&) {
    throw data_error(name + ": out of memory reading its members");
  }
  return members;
}

}  // namespace ricci
