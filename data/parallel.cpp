// parallel.cpp — parallel_for: std::thread workers pulling task numbers.
#include "data/parallel.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace ricci {

int hardware_threads() {
  const unsigned hardware = std::thread::hardware_concurrency();
  return hardware == 0 ? 1 : static_cast<int>(hardware);
}

void parallel_for(std::size_t tasks, int threads,
                  const std::function<void(std::size_t task, int worker)>& work) {
  if (tasks == 0) return;
  const std::size_t workers = std::min<std::size_t>(threads < 1 ? 1 : threads, tasks);
  if (workers == 1) {
    for (std::size_t task = 0; task < tasks; ++task) work(task, 0);
    return;
  }

  std::atomic<std::size_t> next_task{0};
  std::atomic<bool> failed{false};
  std::mutex error_mutex;
  std::size_t error_task = tasks;
  std::exception_ptr error;

  auto run = [&](int worker) {
    for (;;) {
      const std::size_t task = next_task.fetch_add(1);
      if (task >= tasks || failed.load()) return;
      try {
        work(task, worker);
      } catch (...) {
        std::lock_guard<std::mutex> lock(error_mutex);
        if (task < error_task) {
          error_task = task;
          error = std::current_exception();
        }
        failed.store(true);
      }
    }
  };

  std::vector<std::thread> pool;
  pool.reserve(workers - 1);
  for (std::size_t w = 1; w < workers; ++w) pool.emplace_back(run, static_cast<int>(w));
  run(0);
  for (auto& thread : pool) thread.join();
  if (error) std::rethrow_exception(error);
}

}  // namespace ricci
