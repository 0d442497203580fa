// parallel.h — a plain parallel loop over numbered tasks, for geom/'s kernels.
//
// Not a thread pool: each call starts its workers (std::thread), hands out
// tasks 0..tasks-1 in increasing order from one atomic counter, and joins.
// Every task writes only its own outputs, so the result of a computation
// never depends on how many workers ran it or which worker took which task;
// callers that reduce across tasks use integer sums or reduce in task order.
#pragma once

#include <cstddef>
#include <functional>

namespace ricci {

// The number of workers to use: `requested` when it is at least 1, otherwise
// every hardware thread (std::thread::hardware_concurrency(), at least 1).
int resolve_threads(int requested);

// Calls work(task, worker) for every task in [0, tasks), on
// min(threads, tasks) workers numbered 0..; `worker` lets a task use scratch
// memory owned by its worker. threads <= 1 runs everything in the calling
// thread. If tasks throw, the exception of the lowest-numbered failing task
// is rethrown after all workers have stopped (tasks not yet started are
// skipped once one has failed).
void parallel_for(std::size_t tasks, int threads,
                  const std::function<void(std::size_t task, int worker)>& work);

}  // namespace ricci
