// memory.cpp — the allocator settings of the driver (memory.h).
#include "data/memory.h"

#include <cstdlib>  // defines __GLIBC__ under glibc, which the test below needs

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace ricci {

void prepare_allocator() {
#if defined(__GLIBC__)
  // Requests below the threshold come from the heap, not from their own
  // mapping; 32 MB is the largest glibc accepts on 64-bit systems (larger
  // requests, rare here, are still mapped and unmapped).
  mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
  // The heap's free top is given back only beyond this much.
  mallopt(M_TRIM_THRESHOLD, 1024 * 1024 * 1024);
#endif
}

}  // namespace ricci
