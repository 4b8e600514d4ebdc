#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/command.h"
#include "core/procedure.h"
#include "core/ticket.h"

namespace tierdesk::core {

// A tier a hand-off may go to, with what the hand-off must say to get there.
struct HandOffTarget {
  const Tier* tier = nullptr;
  // Entering the tier waits for a decision (and perhaps the client's approval) first.
  bool gated = false;
  // The tier works per asset of this kind and the ticket names none it knows: the hand-off
  // must name one of `assets` (each with someone to page).
  std::string asset_kind;
  std::vector<const Asset*> assets;
};

// One command an actor may send to a ticket now, with the choices its form offers, taken from
// the procedure and the ticket. Only the members of its command are filled in.
struct Action {
  CommandKind command = CommandKind::kNote;
  std::vector<HandOffTarget> targets;          // handoff, in the procedure's preference order
  std::vector<HandOffCriterion> criteria;      // handoff: the reasons this tier accepts
  std::vector<ResponseStatus> statuses;        // respond
  std::vector<Priority> priorities;            // change_priority: every one but the current
  std::vector<std::string> resolution_fields;  // resolve: "summary", then the procedure's
  const Tier* decision_for = nullptr;          // manager_decision, client_approval
  // sign_off by staff: they record a sign-off the client gave them, saying how (`channels`)
  // and in the client's words.
  bool on_behalf_of_client = false;
  std::vector<Channel> channels;
  bool may_be_public = false;  // note: the actor may address it to the client
  bool may_confirm_fix = false;  // note: the actor may confirm the fix with it (MayConfirmFix)
  bool files = false;          // files may be sent with it (client_reply, note)
  // amend: the intake fields it may complete or correct, and those the procedure requires for
  // the ticket's channel (which an amendment may not empty).
  std::vector<IntakeField> fields;
  std::vector<IntakeField> required;
  // call: who the page in flight is with, and what a call to them can come to.
  std::string paged;
  std::vector<cmd::CallOutcome> outcomes;
  // triage: the factors as they are, for the form to start from.
  PriorityFactors factors;
  // questionnaire: those offered for the ticket's category and channel.
  std::vector<const Questionnaire*> questionnaires;
  // resolve: the known fix the ticket's last questionnaire lets Level 1 resolve with, if any.
  std::string suggested_fix;
  // consult: the teams that may be asked now (none asked already waits for them).
  std::vector<const ConsultTeam*> teams;
  // consult_answer: the open consults the actor may answer.
  std::vector<Consult> consults;
};

// Every ticket command `actor` may send to `ticket` now (see MaySend), in catalogue order, each
// with what its form needs. A command is listed exactly when Decide, given a well-formed body
// built from these choices, accepts it; one no body could satisfy (a hand-off from the last
// tier, an escalation at the top of the hierarchy) is left out.
std::vector<Action> AvailableActions(const Ticket& ticket, std::string_view actor,
                                     const Procedure& procedure);

// The tiers a ticket at `tier` may be handed to, in preference order: the tier's `handoff_to`,
// or the next tier of the ladder when it names none.
std::vector<std::string> HandOffTierIds(const Procedure& procedure, const Tier& tier);

}  // namespace tierdesk::core
