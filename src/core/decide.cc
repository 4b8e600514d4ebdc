#include "core/decide.h"

#include <algorithm>

#include "core/machine.h"

namespace tierdesk::core {

namespace {
template <class... F>
struct Overloaded : F... {
  using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;
}  // namespace

const char* CommandName(const CommandBody& body) {
  return std::visit(Overloaded{[](const cmd::Create&) { return "create"; },
                               [](const cmd::HandOff&) { return "handoff"; },
                               [](const cmd::Acknowledge&) { return "acknowledge"; },
                               [](const cmd::Respond&) { return "respond"; },
                               [](const cmd::ChangePriority&) { return "change_priority"; },
                               [](const cmd::Workaround&) { return "workaround"; },
                               [](const cmd::PendingClient&) { return "pending_client"; },
                               [](const cmd::ClientReply&) { return "client_reply"; },
                               [](const cmd::Escalate&) { return "escalate"; },
                               [](const cmd::ManagerDecision&) { return "manager_decision"; },
                               [](const cmd::ClientApproval&) { return "client_approval"; },
                               [](const cmd::Resolve&) { return "resolve"; },
                               [](const cmd::QcPass&) { return "qc_pass"; },
                               [](const cmd::QcFail&) { return "qc_fail"; },
                               [](const cmd::SignOff&) { return "sign_off"; },
                               [](const cmd::Reopen&) { return "reopen"; },
                               [](const cmd::Note&) { return "note"; },
                               [](const cmd::ClockDue&) { return "clock_due"; },
                               [](const cmd::DeliveryFailed&) { return "delivery_failed"; }},
                    body);
}

Result<Decision> Decide(const Ticket& current, const Command& command, Timestamp now,
                        const Procedure& procedure, TicketId new_id) {
  const bool creating = std::holds_alternative<cmd::Create>(command.body);
  if (procedure.tiers.empty())
    return Fail(ErrorCode::kFailedPrecondition, "the procedure has no tiers");
  Ticket start;
  if (creating) {
    if (new_id <= 0) return Fail(ErrorCode::kInternal, "no id for the new ticket");
    start.id = new_id;
  } else {
    if (current.id == 0)
      return Fail(ErrorCode::kNotFound, "no ticket " + TicketRef(command.ticket), "ticket");
    const bool allowed_when_closed = std::holds_alternative<cmd::Reopen>(command.body) ||
                                     std::holds_alternative<cmd::Note>(command.body) ||
                                     std::holds_alternative<cmd::ClockDue>(command.body) ||
                                     std::holds_alternative<cmd::DeliveryFailed>(command.body);
    // Checked before anything else about the ticket: whoever sent it decided on another state.
    if (command.expected_versions &&
        std::find(command.expected_versions->begin(), command.expected_versions->end(),
                  current.version) == command.expected_versions->end())
      return Fail(ErrorCode::kFailedPrecondition,
                  TicketRef(current.id) + " has changed: it is at version " +
                      std::to_string(current.version) +
                      ", not one that was expected; load it again and decide on it as it is",
                  "expected_version");
    if (current.stage == Stage::kClosed && !allowed_when_closed)
      return Fail(ErrorCode::kFailedPrecondition, TicketRef(current.id) + " is closed");
    start = current;
  }
  if (command.actor.empty())
    return Fail(ErrorCode::kInvalidArgument, "every command needs an actor", "actor");

  Machine machine(procedure, std::move(start), now, command.actor);
  Status status = std::visit([&](const auto& body) { return machine.Apply(body); }, command.body);
  if (!status) return tl::unexpected(status.error());
  Decision decision = std::move(machine).Finish();
  if (!command.credential.empty())
    for (Event& e : decision.events) e.fields.emplace_back("credential", command.credential);
  decision.ticket.event_count += int64_t(decision.events.size());
  if (std::holds_alternative<cmd::ClockDue>(command.body) && decision.events.empty())
    return Decision{current, {}, {}};  // stale deadline: nothing happened
  return decision;
}

}  // namespace tierdesk::core
