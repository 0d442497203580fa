// parallel.h — the one parallel loop of ricciflow: numbered tasks on a
// given number of workers. It is the only code that starts threads; the
// GEMM shim (blas.h), geom/'s kernels and the sweep's models all run on it.
//
// Not a thread pool: each call starts its workers (std::thread), hands out
// tasks 0..tasks-1 in increasing order from one atomic counter, and joins.
// Every task writes only its own outputs, so the result of a computation
// never depends on how many workers ran it or which worker took which task;
// callers that reduce across tasks use integer sums or reduce in task order.
//
// A thread count is always passed explicitly, down from the command's
// --threads; nothing in the library reads a process-wide setting.
#pragma once

#include <cstddef>
#include <functional>

namespace ricci {

// Every hardware thread (std::thread::hardware_concurrency(), at least 1):
// the default of the commands' --threads.
int hardware_threads();

// Calls work(task, worker) for every task in [0, tasks), on
// min(threads, tasks) workers numbered 0..; `worker` lets a task use scratch
// memory owned by its worker. threads <= 1 runs everything in the calling
// thread, which is also worker 0 otherwise. If tasks throw, the exception of
// the lowest-numbered failing task is rethrown after all workers have
// stopped (tasks not yet started are skipped once one has failed).
void parallel_for(std::size_t tasks, int threads,
                  const std::function<void(std::size_t task, int worker)>& work);

}  // namespace ricci
