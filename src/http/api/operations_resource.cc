// Operating the desk over the API: readiness, the sandbox's clock, dead letters, metrics.
#include "http/api/operations_resource.h"

#include "http/api/api_util.h"

namespace tierdesk::http {

ApiResponse OperationsResource::Ready() {
  if (!engine_.running()) return ErrorResponse(Refusal::kUnavailable, "the engine is not running");
  // Ready only while the database answers (a read of the log's head): a balancer stops sending
  // requests to a node that cannot reach it.
  if (auto head = readers_.Borrow()->LastEventSeq(); !head)
    return ErrorResponse(Refusal::kUnavailable, "the database: " + head.error().message);
  return {200, R"({"status":"ready"})"};
}

ApiResponse OperationsResource::DeadLetters(const Principal& who) {
  if (who.is_client())
    return ErrorResponse(Refusal::kPermissionDenied, "dead letters are for staff");
  auto reader = readers_.Borrow();
  auto dead = reader->DeadLetters(200);
  if (!dead) return ErrorResponse(dead.error());
  json::Json items = json::Json::array();
  for (const auto& d : *dead)
    items.push_back({{"id", d.id},
                     {"ticket", core::TicketRef(d.effect.ticket)},
                     {"kind", core::EffectKindName(d.effect.kind)},
                     {"to", d.effect.to},
                     {"template", d.effect.template_name},
                     {"attempts", d.attempts},
                     {"last_error", d.last_error},
                     {"created_at", FormatTimestamp(d.created_at, procedure_->zone)},
                     {"dead_at", FormatTimestamp(*d.dead_at, procedure_->zone)}});
  json::Json body = json::Json::object();
  body["dead_letters"] = std::move(items);
  return Json(200, body);
}

ApiResponse OperationsResource::ClockView() {
  return Json(200, {{"now", FormatTimestamp(clock_.Now(), procedure_->zone)},
                    {"simulated", simulated_ != nullptr}});
}

void OperationsResource::MoveClock(const ApiRequest& request, const Principal& who,
                                   Respond respond) {
  if (who.is_client())
    return respond(ErrorResponse(Refusal::kPermissionDenied, "only staff move a sandbox's clock"));
  if (simulated_ == nullptr)
    return respond(ErrorResponse(Refusal::kFailedPrecondition,
                                 "this server runs on the system clock; only a sandbox started "
                                 "with --simulate-from can move its clock"));
  ApiResponse error;
  auto body = ParseBody(request.body, limits_, error);
  if (!body) return respond(std::move(error));
  Timestamp target = clock_.Now();
  if (body->contains("advance") && (*body)["advance"].is_string()) {
    auto d = ParseDuration((*body)["advance"].get<std::string>());
    if (!d) return respond(ErrorResponse(Refusal::kInvalidArgument, d.error().message, "advance"));
    target += *d;
  } else if (body->contains("to") && (*body)["to"].is_string()) {
    auto t = ParseTimestamp((*body)["to"].get<std::string>());
    if (!t) return respond(ErrorResponse(Refusal::kInvalidArgument, t.error().message, "to"));
    if (*t < target)
      return respond(ErrorResponse(Refusal::kInvalidArgument, "the clock never runs back", "to"));
    target = *t;
  } else {
    return respond(ErrorResponse(Refusal::kInvalidArgument,
                                 "give \"advance\" (a duration) or \"to\" (an instant)",
                                 "advance"));
  }
  simulated_->AdvanceTo(target);
  // Answer once every deadline due by the new time has fired, so callers see its effects.
  engine_.AfterCatchingUp([this, respond = std::move(respond)]() mutable { respond(ClockView()); });
}

ApiResponse OperationsResource::MetricsView(const ApiRequest& request) {
  // Counts of tickets and queues are not for the internet: a scraper's token, else loopback.
  if (metrics_token_.empty()
          ? !IsLoopback(request.remote)
          : !SameSecret(request.Header("authorization"), "Bearer " + metrics_token_)) {
    ApiResponse r =
        ErrorResponse(Refusal::kUnauthenticated,
                      metrics_token_.empty() ? "metrics are served to loopback callers only"
                                             : "send 'Authorization: Bearer <metrics token>'");
    r.headers.emplace_back("WWW-Authenticate", "Bearer");
    return r;
  }
  std::map<std::string, int64_t> open;
  int64_t backlog = 0;
  {
    auto reader = readers_.Borrow();
    if (auto counts = reader->CountOpenTicketsByTier()) open = std::move(*counts);
    if (auto b = reader->OutboxBacklog()) backlog = *b;
  }
  ApiResponse r{200, metrics_.Render(engine_.Stats(), open, backlog)};
  r.content_type = "text/plain; version=0.0.4";
  return r;
}

}  // namespace tierdesk::http
