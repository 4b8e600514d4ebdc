#include "core/decide.h"

#include <algorithm>

#include "core/machine.h"
#include "core/permission.h"

namespace tierdesk::core {

namespace {

// A command from a mailed link acts only while the ticket still awaits the request the link was
// mailed with (a page, an approval request, a resolution); commands typed in carry no cycle.
Status CheckLink(const Ticket& t, const CommandBody& body) {
  auto current = [&](const cmd::LinkCycle& cycle, std::string_view request) -> Status {
    if (!cycle || *cycle == t.link_cycle) return Ok();
    return Fail(ErrorCode::kFailedPrecondition,
                "this link belongs to an earlier " + std::string(request) + " of " +
                    TicketRef(t.id) + "; it no longer applies",
                "link");
  };
  if (const auto* ack = std::get_if<cmd::Acknowledge>(&body)) {
    if (auto s = current(ack->link_cycle, "page"); !s) return s;
    // A page's link answers that page; once it is answered (or the chain gave up), the link must
    // not make its bearer the assignee through the tier member's way of acknowledging.
    if (ack->link_cycle && !t.page)
      return Fail(ErrorCode::kFailedPrecondition,
                  "the page of " + TicketRef(t.id) + " has already been answered", "link");
  }
  if (const auto* approval = std::get_if<cmd::ClientApproval>(&body))
    return current(approval->link_cycle, "approval request");
  if (const auto* signoff = std::get_if<cmd::SignOff>(&body))
    return current(signoff->link_cycle, "resolution");
  if (const auto* reopen = std::get_if<cmd::Reopen>(&body))
    return current(reopen->link_cycle, "resolution");
  return Ok();
}

}  // namespace

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
    // Checked before anything else about the ticket: whoever sent it decided on another state.
    if (command.expected_versions &&
        std::find(command.expected_versions->begin(), command.expected_versions->end(),
                  current.version) == command.expected_versions->end())
      return Fail(ErrorCode::kFailedPrecondition,
                  TicketRef(current.id) + " has changed: it is at version " +
                      std::to_string(current.version) +
                      ", not one that was expected; load it again and decide on it as it is",
                  "expected_version");
    start = current;
  }
  if (command.actor.empty())
    return Fail(ErrorCode::kInvalidArgument, "every command needs an actor", "actor");
  if (!creating) {
    // A mailed link that no longer applies is the better answer than what its stage now allows.
    if (auto link = CheckLink(start, command.body); !link) return tl::unexpected(link.error());
    if (auto may = MaySend(KindOf(command.body), start, command.actor, procedure); !may)
      return tl::unexpected(may.error());
  }

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
