#pragma once

#include <array>
#include <map>
#include <mutex>
#include <string>

#include "service/engine.h"

namespace tierdesk::http {

// Request counters and latency histograms, rendered in the Prometheus text format (written by
// hand: no Prometheus client library is packaged for Debian 12). Thread-safe.
class Metrics {
 public:
  // `route` is the route's template ("/api/v1/tickets/{ref}"), never a raw path.
  void ObserveRequest(const std::string& method, const std::string& route, int status,
                      double seconds);
  std::string Render(const service::EngineStats& engine,
                     const std::map<std::string, int64_t>& open_by_tier,
                     int64_t outbox_backlog) const;

 private:
  static constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,   0.1,   0.25,   0.5,   1,    2.5};
  struct Histogram {
    std::array<uint64_t, kBuckets.size()> le{};  // cumulative counts per bucket
    uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mu_;
  std::map<std::tuple<std::string, std::string, int>, uint64_t> requests_;  // guarded by mu_
  std::map<std::string, Histogram> latency_;                                // guarded by mu_
};

}  // namespace tierdesk::http
