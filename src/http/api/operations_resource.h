#pragma once

#include <string>

#include "common/clock.h"
#include "http/api/api_options.h"
#include "http/api/exchange.h"
#include "http/api/metrics.h"
#include "http/api/procedure_in_force.h"
#include "http/api/reader_pool.h"
#include "http/auth/auth.h"
#include "service/engine.h"

namespace tierdesk::http {

// Operating the desk over the API (operations_resource.cc): readiness, the clock (moved only in
// a sandbox), the outbox's dead letters, the metrics.
class OperationsResource {
 public:
  // `simulated` is the engine's clock when it is virtual (a training or test sandbox whose time
  // staff move over /api/v1/clock); null in production.
  OperationsResource(service::Engine& engine, ReaderPool& readers,
                     const ProcedureInForce& procedure, const Clock& clock, VirtualClock* simulated,
                     Metrics& metrics, const ApiOptions& options)
      : engine_(engine),
        readers_(readers),
        procedure_(procedure),
        clock_(clock),
        simulated_(simulated),
        metrics_(metrics),
        limits_(options.limits),
        metrics_token_(options.metrics_token) {}

  // GET /readyz: ready while the engine runs and the database answers.
  ApiResponse Ready();
  ApiResponse ClockView();
  void MoveClock(const ApiRequest& request, const Principal& who, Respond respond);
  ApiResponse DeadLetters(const Principal& who);
  ApiResponse MetricsView(const ApiRequest& request);

 private:
  service::Engine& engine_;
  ReaderPool& readers_;
  const ProcedureInForce& procedure_;
  const Clock& clock_;
  VirtualClock* simulated_;
  Metrics& metrics_;
  const RequestLimits& limits_;
  const std::string& metrics_token_;
};

}  // namespace tierdesk::http
