// gzip.h — reading gzip-compressed files (RFC 1952) through zlib.
//
// A file is taken as gzip when it starts with the magic bytes 1f 8b, whatever
// its name; anything else is passed through unchanged, so every reader that
// goes through read_maybe_gzipped_file accepts both forms (MNIST's files
// come as train-images-idx3-ubyte.gz). Several gzip members one after the
// other (what `cat a.gz b.gz` makes) inflate to their concatenation. The
// CRC-32 and length in each member's trailer are checked.
#pragma once

#include <cstddef>
#include <string>

#include "data/files.h"

namespace ricci {

// True when `bytes` starts with the gzip magic bytes 1f 8b.
bool is_gzip(const std::string& bytes);

// The inflated bytes when `bytes` is gzip, `bytes` itself otherwise. A
// corrupt stream, a truncated one (the end of the file before the end of the
// stream) or bytes after the last member that are not another member is a
// data error naming `name`; so is an inflated size beyond `limit` bytes (a
// gzip bomb: the error's subject is "input size limit", and memory use stays
// below limit + 1 bytes of output), and running out of memory.
std::string gunzip_if_compressed(std::string bytes, const std::string& name,
                                 std::size_t limit = kDefaultInputLimit);

// read_file (files.h) followed by gunzip_if_compressed, both with `limit`.
std::string read_maybe_gzipped_file(const std::string& path, std::size_t limit = kDefaultInputLimit);

}  // namespace ricci
