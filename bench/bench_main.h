#pragma once

// main() of a benchmark that runs on SQLite or, given --postgres, on PostgreSQL.

#include <benchmark/benchmark.h>

#include <string>
#include <vector>

namespace tierdesk::bench {

// Runs the registered benchmarks with Google Benchmark's own flags, setting `postgres` when
// --postgres is among the arguments.
inline int RunBenchmarks(int argc, char** argv, bool& postgres) {
  std::vector<char*> rest;
  for (int i = 0; i < argc; ++i) {
    if (std::string(argv[i]) == "--postgres")
      postgres = true;
    else
      rest.push_back(argv[i]);
  }
  int n = int(rest.size());
  benchmark::Initialize(&n, rest.data());
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}

}  // namespace tierdesk::bench
