#pragma once

// The queries the search benchmarks time (one word from common to rare, pairs, a triple, a word's
// beginning, a question), each alone, over rounds; p50, p99 and the slowest of each kind reported.

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "latencies.h"
#include "zipf_words.h"

namespace tierdesk::bench {

struct SearchQuery {
  std::string words;
  const char* kind;
};

// The twelve queries: `beginning` letters of a common word as what is being typed, and a
// question around a word (`before` and `after` it).
inline std::vector<SearchQuery> SearchQueries(size_t beginning, const std::string& before,
                                              const std::string& after) {
  std::vector<SearchQuery> q;
  for (int r : {3, 40, 300, 2000, 4500}) q.push_back({Word(r), "one word"});
  for (auto [a, b] : {std::pair{5, 60}, {30, 700}, {200, 3000}, {10, 20}})
    q.push_back({Word(a) + " " + Word(b), "two words"});
  q.push_back({Word(8) + " " + Word(90) + " " + Word(1500), "three words"});
  q.push_back({Word(50).substr(0, beginning), "a word's beginning"});
  q.push_back({before + Word(120) + after, "a question"});
  return q;
}

// Times `search(words)` (a Result of a list) for each query, every round of `state`; the counters
// are the percentiles and the hits per query, and each query's slowest time goes to stderr.
template <class Search>
void TimeSearches(benchmark::State& state, const std::vector<SearchQuery>& queries, Search search) {
  Latencies times;
  std::vector<double> slowest(queries.size(), 0);
  size_t found = 0;
  for (auto _ : state) {
    for (size_t i = 0; i < queries.size(); ++i) {
      auto hits = times.Time([&] { return search(queries[i].words); });
      slowest[i] = std::max(slowest[i], times.Last());
      if (!hits) state.SkipWithError(hits.error().message.c_str());
      found += hits ? hits->size() : 0;
    }
  }
  for (size_t i = 0; i < queries.size(); ++i)
    std::fprintf(stderr, "  %-18s %-40s max %.1f ms\n", queries[i].kind, queries[i].words.c_str(),
                 slowest[i]);
  state.counters["hits_per_query"] = double(found) / double(std::max<size_t>(1, times.size()));
  times.Report(state);
}

}  // namespace tierdesk::bench
