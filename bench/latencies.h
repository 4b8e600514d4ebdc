#pragma once

// The time of each single operation a benchmark runs, reported as percentiles: a search's p99 is
// what a person waits at worst, which an average hides.

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <vector>

namespace tierdesk::bench {

class Latencies {
 public:
  // Runs `op` once, keeping how long it took; returns what it returned.
  template <class Op>
  auto Time(Op op) {
    const auto start = std::chrono::steady_clock::now();
    auto result = op();
    ms_.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
            .count());
    return result;
  }
  double Last() const { return ms_.back(); }
  // p50_ms, p99_ms and max_ms as the benchmark's counters.
  void Report(benchmark::State& state) {
    if (ms_.empty()) return;
    std::sort(ms_.begin(), ms_.end());
    state.counters["p50_ms"] = ms_[ms_.size() / 2];
    state.counters["p99_ms"] = ms_[std::min(ms_.size() - 1, ms_.size() * 99 / 100)];
    state.counters["max_ms"] = ms_.back();
  }
  size_t size() const { return ms_.size(); }

 private:
  std::vector<double> ms_;
};

}  // namespace tierdesk::bench
