// zip.h — reading the members of a zip archive, the container of NumPy's
// .npz files.
//
// The format (PKWARE's APPNOTE.TXT, version 6.3): each member is a local
// header, then its data; at the end, a central directory lists every member
// (name, compression method, CRC-32, compressed and uncompressed sizes,
// offset of its local header), and an end-of-central-directory record gives
// where the directory is. Sizes and offsets beyond 32 bits, and member
// counts beyond 16, are in zip64 records: a zip64 end record found through
// a locator just before the end record, and a zip64 "extra field" (id 1) in
// a directory entry. np.savez writes every member with a zip64 extra field
// in its local header (force_zip64), and archives past 4 GiB with zip64
// central records.
//
// We read what np.savez and np.savez_compressed write: one disk, members
// stored (method 0) or deflated (method 8, through zlib), not encrypted. The
// central directory is authoritative for sizes (a member written with a
// data descriptor has zeros in its local header). Every offset and size is
// range-checked against the file, each member's data against its CRC-32,
// and a member's name in its local header against the directory's. Any
// failure is one data error naming the archive (and the member).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "data/files.h"

namespace ricci {

struct ZipMember {
  std::string name;  // as stored: '/'-separated, no leading '/'
  std::string data;  // uncompressed
};

// The members of the archive `bytes`, in the order of its central
// directory; `name` (usually the path) prefixes errors. The members'
// uncompressed sizes together may not pass `limit` bytes (a data error
// whose subject is "input size limit", raised before any is inflated, as
// for gzip.h); running out of memory is a data error too. Two members of
// one name, a member of another method, an encrypted one or an archive
// split over disks are data errors.
std::vector<ZipMember> parse_zip(const std::string& bytes, const std::string& name,
                                 std::size_t limit = kDefaultInputLimit);

}  // namespace ricci
