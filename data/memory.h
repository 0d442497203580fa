// memory.h — how the `ricci` driver asks the C library to manage memory.
#pragma once

namespace ricci {

// Keeps freed memory in the process for the next allocation instead of
// returning it to the system (glibc: mallopt's M_MMAP_THRESHOLD at its
// largest, 32 MB, and M_TRIM_THRESHOLD at 1 GB). A sweep allocates and frees
// the same large buffers (k-NN lists, graphs, BFS workspaces) thousands of
// times; given back each time, every reuse starts with page faults and the
// kernel zeroing pages, about a sixth of an analysis's time (docs/performance.md).
// The cost is a higher resident set: memory once used stays with the
// process until it ends. The driver calls it first thing in main(); the
// library never calls it (a host process, such as Python, keeps its own
// settings). A no-op where the C library is not glibc. Results never
// depend on it.
void prepare_allocator();

}  // namespace ricci
