#pragma once

#include <string_view>

#include "common/result.h"
#include "core/command.h"
#include "core/procedure.h"
#include "core/roles.h"
#include "core/ticket.h"

namespace tierdesk::core {

// Whether `actor` may send a command of `kind` to `ticket` as it is now: the ticket's stage, the
// actor's roles and their part in it (its client, someone working it, in the chain being paged,
// its resolver). What the command's body must hold is Decide's to check. Decide asks this before
// applying a command, and AvailableActions asks it to list what an actor may do, so the two
// cannot disagree. Refusals say why (failed_precondition for the stage, permission_denied for
// who is asking) and name the field "actor" where the actor is the reason.
[[nodiscard]] Status MaySend(CommandKind kind, const Ticket& ticket, std::string_view actor,
                             const Procedure& procedure);

// The actor may speak to the client on this ticket (a public note): the client themselves, or
// someone working the ticket.
[[nodiscard]] Status MayAddressClient(const Ticket& ticket, std::string_view actor,
                                      const Procedure& procedure);

// The actor may answer `team`'s open consult on this ticket: a member of that team (in its chain
// or among its members) or an administrator.
[[nodiscard]] Status MayAnswerConsult(const Ticket& ticket, std::string_view actor,
                                      const Procedure& procedure, std::string_view team);

// The actor may confirm that the fix works (a note that confirms_fix): someone of a tier the
// ticket was handed on from, or of a consulted team the procedure lets confirm (seed 003:
// Engineering "collaborates with Tier 1 and Tier 2 to deploy fixes and verify").
[[nodiscard]] Status MayConfirmFix(const Ticket& ticket, std::string_view actor,
                                   const Procedure& procedure);

// Whether a person administers the desk (holds one of kAdministratorRoleList, roles.h).
bool Administers(const Person& person);

// The person is in the contact chain (or the on-call chain) of the page's asset.
bool InChainOf(const Procedure& procedure, const Page& page, std::string_view person);

}  // namespace tierdesk::core
