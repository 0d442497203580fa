// gzip.cpp — inflating gzip members with zlib.
#include "data/io/gzip.h"

#include <zlib.h>

#include <algorithm>
#include <new>

#include "data/error.h"
#include "data/files.h"

namespace ricci {

namespace {

// inflate's state, released however the inflation ends.
struct Inflater {
  z_stream stream{};
  Inflater() {
    // 16 + MAX_WBITS: a gzip wrapper (header and CRC-32 trailer), 32 KiB window.
    if (inflateInit2(&stream, 16 + MAX_WBITS) != Z_OK) throw std::bad_alloc();
  }
  ~Inflater() { inflateEnd(&stream); }
  Inflater(const Inflater&) = delete;
  Inflater& operator=(const Inflater&) = delete;
};

Error too_large(const std::string& name, std::size_t limit) {
  return data_error("input size limit",
                    name + ": inflates to more than " + byte_size_text(limit) + ", the limit on input read into memory");
}

// Every member of the gzip file `bytes`, inflated, up to `limit` bytes.
std::string inflate_all(std::string& bytes, const std::string& name, std::size_t limit) {
  Inflater inflater;
  z_stream& stream = inflater.stream;
  std::string out;
  std::size_t in_offset = 0, out_size = 0;
  for (;;) {
    // zlib counts in 32-bit uInt: feed at most 1 GiB of input at a time.
    const std::size_t in_chunk = std::min<std::size_t>(bytes.size() - in_offset, std::size_t{1} << 30);
    stream.next_in = reinterpret_cast<Bytef*>(&bytes[0] + in_offset);
    stream.avail_in = static_cast<uInt>(in_chunk);
    if (out.size() - out_size < (std::size_t{1} << 16)) {
      // Grow, but never past limit + 1 bytes: a gzip bomb stops there.
      if (out_size > limit) throw too_large(name, limit);
      const std::size_t wanted = std::max<std::size_t>(2 * out.size(), std::max<std::size_t>(bytes.size() * 4, 1 << 20));
      const std::size_t grown = std::min(wanted, limit < SIZE_MAX ? limit + 1 : limit);
      if (grown > out.size()) out.resize(grown);
    }
    const std::size_t out_chunk = std::min<std::size_t>(out.size() - out_size, std::size_t{1} << 30);
    stream.next_out = reinterpret_cast<Bytef*>(&out[0] + out_size);
    stream.avail_out = static_cast<uInt>(out_chunk);

    const int status = inflate(&stream, Z_NO_FLUSH);
    in_offset += in_chunk - stream.avail_in;
    out_size += out_chunk - stream.avail_out;
    if (status == Z_STREAM_END) {
      if (in_offset == bytes.size()) break;
      if (!is_gzip(bytes.substr(in_offset, 2)))
        throw data_error(name + ": " + std::to_string(bytes.size() - in_offset) +
                         " unexpected bytes after the gzip stream");
      inflateReset(&stream);  // the next member
      continue;
    }
    if (status == Z_MEM_ERROR) throw std::bad_alloc();
    if (status == Z_DATA_ERROR || status == Z_NEED_DICT || status == Z_STREAM_ERROR)
      throw data_error(name + ": corrupt gzip stream (" + (stream.msg ? stream.msg : "invalid data") + ")");
    // Z_OK or Z_BUF_ERROR: more output space, or more input; without input left the file is cut short.
    if (in_offset == bytes.size() && stream.avail_out > 0)
      throw data_error(name + ": truncated gzip stream (the file ends before the compressed data does)");
  }
  if (out_size > limit) throw too_large(name, limit);
  out.resize(out_size);
  return out;
}

}  // namespace

bool is_gzip(const std::string& bytes) {
  return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f &&
         static_cast<unsigned char>(bytes[1]) == 0x8b;
}

std::string gunzip_if_compressed(std::string bytes, const std::string& name, std::size_t limit) {
  if (!is_gzip(bytes)) return bytes;
  try {
    return inflate_all(bytes, name, limit);
  } catch (const std::bad_alloc&) {
    throw data_error(name + ": out of memory inflating it (the limit on input is " + byte_size_text(limit) + ")");
  }
}

std::string read_maybe_gzipped_file(const std::string& path, std::size_t limit) {
  return gunzip_if_compressed(read_file(path, limit), path, limit);
}

}  // namespace ricci
