#include "http/api/metrics.h"

#include <fmt/format.h>

namespace tierdesk::http {

void Metrics::ObserveRequest(const std::string& method, const std::string& route, int status,
                             double seconds) {
  std::lock_guard lock(mu_);
  ++requests_[{method, route, status}];
  Histogram& h = latency_[route];
  for (size_t i = 0; i < kBuckets.size(); ++i)
    if (seconds <= kBuckets[i]) ++h.le[i];
  ++h.count;
  h.sum += seconds;
}

std::string Metrics::Render(const service::EngineStats& engine,
                            const std::map<std::string, int64_t>& open_by_tier,
                            int64_t outbox_backlog) const {
  std::string out;
  std::lock_guard lock(mu_);
  out += "# HELP tierdesk_http_requests_total HTTP requests by method, route and status.\n";
  out += "# TYPE tierdesk_http_requests_total counter\n";
  for (const auto& [key, n] : requests_) {
    const auto& [method, route, status] = key;
    out +=
        fmt::format("tierdesk_http_requests_total{{method=\"{}\",route=\"{}\",status=\"{}\"}} {}\n",
                    method, route, status, n);
  }
  out += "# HELP tierdesk_http_request_duration_seconds Time from request to response.\n";
  out += "# TYPE tierdesk_http_request_duration_seconds histogram\n";
  for (const auto& [route, h] : latency_) {
    for (size_t i = 0; i < kBuckets.size(); ++i)
      out += fmt::format(
          "tierdesk_http_request_duration_seconds_bucket{{route=\"{}\",le=\"{}\"}} {}\n", route,
          kBuckets[i], h.le[i]);
    out += fmt::format(
        "tierdesk_http_request_duration_seconds_bucket{{route=\"{}\",le=\"+Inf\"}} {}\n", route,
        h.count);
    out += fmt::format("tierdesk_http_request_duration_seconds_sum{{route=\"{}\"}} {}\n", route,
                       h.sum);
    out += fmt::format("tierdesk_http_request_duration_seconds_count{{route=\"{}\"}} {}\n", route,
                       h.count);
  }
  out +=
      "# HELP tierdesk_open_tickets Tickets not closed, by tier.\n# TYPE tierdesk_open_tickets "
      "gauge\n";
  for (const auto& [tier, n] : open_by_tier)
    out += fmt::format("tierdesk_open_tickets{{tier=\"{}\"}} {}\n", tier, n);
  out += fmt::format(
      "# HELP tierdesk_deadlines_running Deadlines the scheduler is waiting for.\n"
      "# TYPE tierdesk_deadlines_running gauge\ntierdesk_deadlines_running {}\n"
      "# HELP tierdesk_deadlines_breached_total Deadlines that fired since start.\n"
      "# TYPE tierdesk_deadlines_breached_total counter\ntierdesk_deadlines_breached_total {}\n"
      "# HELP tierdesk_outbox_backlog Notifications not yet delivered.\n"
      "# TYPE tierdesk_outbox_backlog gauge\ntierdesk_outbox_backlog {}\n"
      "# HELP tierdesk_commands_total Commands applied by the writer since start.\n"
      "# TYPE tierdesk_commands_total counter\ntierdesk_commands_total {}\n"
      "# HELP tierdesk_commit_batches_total Transactions committed by the writer since start.\n"
      "# TYPE tierdesk_commit_batches_total counter\ntierdesk_commit_batches_total {}\n"
      "# HELP tierdesk_writer_queue Commands waiting for the writer.\n"
      "# TYPE tierdesk_writer_queue gauge\ntierdesk_writer_queue {}\n",
      engine.deadlines_running, engine.deadlines_fired, outbox_backlog, engine.commands,
      engine.batches, engine.queued);
  const auto& late = engine.lateness;
  out +=
      "# HELP tierdesk_deadline_lateness_ms From a deadline's due instant to its breach being "
      "durable, in milliseconds.\n# TYPE tierdesk_deadline_lateness_ms histogram\n";
  for (size_t i = 0; i < late.at_most.size(); ++i)
    out += fmt::format("tierdesk_deadline_lateness_ms_bucket{{le=\"{}\"}} {}\n",
                       service::LatenessHistogram::kBoundsMs[i], late.at_most[i]);
  out += fmt::format(
      "tierdesk_deadline_lateness_ms_bucket{{le=\"+Inf\"}} {}\n"
      "tierdesk_deadline_lateness_ms_sum {}\ntierdesk_deadline_lateness_ms_count {}\n"
      "# HELP tierdesk_deadline_lateness_max_ms The latest any deadline fired since start.\n"
      "# TYPE tierdesk_deadline_lateness_max_ms gauge\ntierdesk_deadline_lateness_max_ms {}\n",
      late.count, late.sum_ms, late.count, late.max_ms);
  return out;
}

}  // namespace tierdesk::http
