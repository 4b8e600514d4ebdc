// POST /api/v1/tickets/{ref}/{command}?dry_run=true: what a command would do, without doing it.
// The command has passed every check a real one passes (tickets_resource.cc); here the core decides
// it on the ticket as committed, and the answer shows the decision. Nothing reaches the engine:
// no event, no outbox row, no idempotency key, so the real command may follow with the same key.
#include "core/decide.h"
#include "http/api/api_util.h"
#include "http/api/tickets_resource.h"
#include "http/api/views.h"

namespace tierdesk::http {

ApiResponse TicketsResource::DryRun(const core::Command& command) {
  Result<core::Ticket> ticket = [&] {
    auto reader = readers_.Borrow();
    return reader->Load(command.ticket);
  }();
  // A refusal is the one a real submit would hear: the same Load, then the same Decide.
  if (!ticket) return ErrorResponse(ticket.error());
  const core::Procedure& procedure = *procedure_;
  const Timestamp now = clock_.Now();
  auto decision = core::Decide(*ticket, command, now, procedure);
  if (!decision) return CommandErrorResponse(decision.error());
  json::Json body = json::Json::object();
  body["dry_run"] = true;
  // What the actor could do next, were the command applied.
  body["ticket"] = TicketView(decision->ticket, procedure, now, Viewer{command.actor});
  body["events"] = json::Json::array();
  for (const core::Event& e : decision->events)
    body["events"].push_back(*EventView(e, procedure.zone, /*for_client=*/false));
  // The procedure's own notices (mail, pages, tasks); webhook deliveries, which the engine adds
  // per subscriber as it commits, are not part of a decision and are not shown.
  body["effects"] = json::Json::array();
  for (const core::Effect& e : decision->effects) body["effects"].push_back(EffectPreview(e));
  return Json(200, body);
}

}  // namespace tierdesk::http
