#include "core/machine.h"

namespace tierdesk::core {

const Person* Machine::ActorPerson() const { return p_.FindPerson(actor_); }

Status Machine::RequireStage(std::initializer_list<Stage> allowed, std::string_view doing) const {
  for (Stage s : allowed)
    if (t_.stage == s) return Ok();
  return Fail(
      ErrorCode::kFailedPrecondition,
      "cannot " + std::string(doing) + " " + TicketRef(t_.id) + ": it is " + StageName(t_.stage));
}

Status Machine::RequirePerson() const {
  if (ActorPerson() != nullptr || actor_ == kSystemActor) return Ok();
  return Fail(ErrorCode::kPermissionDenied, "'" + actor_ + "' is not a person of this procedure",
              "actor");
}

Status Machine::RequireWorker() const {
  if (actor_ == kSystemActor) return Ok();
  const Person* person = ActorPerson();
  if (person == nullptr)
    return Fail(ErrorCode::kPermissionDenied, "'" + actor_ + "' is not a person of this procedure",
                "actor");
  const bool allowed = person->tiers.count(t_.tier) || t_.assignee == actor_ ||
                       (t_.page && InChainOf(*t_.page, actor_)) || person->roles.count("admin");
  if (allowed) return Ok();
  return Fail(ErrorCode::kPermissionDenied,
              "'" + actor_ + "' works neither in tier '" + t_.tier + "' nor on " + TicketRef(t_.id),
              "actor");
}

Status Machine::RequireRole(std::string_view role) const {
  const Person* person = ActorPerson();
  if (person != nullptr && person->roles.count(std::string(role))) return Ok();
  return Fail(ErrorCode::kPermissionDenied,
              "'" + actor_ + "' lacks the role '" + std::string(role) + "'", "actor");
}

Status Machine::RequireClientOrWorker() const {
  if (t_.IsClient(actor_)) return Ok();
  if (ActorPerson() != nullptr) return RequireWorker();
  return Fail(ErrorCode::kPermissionDenied,
              "'" + actor_ + "' is neither the ticket's client nor working on it", "actor");
}

Status Machine::RequireSignOffRecorder() const {
  if (!p_.closure.staff_may_record_signoff)
    return Fail(ErrorCode::kPermissionDenied,
                "only the client can sign off " + TicketRef(t_.id) +
                    ": this procedure does not let staff record a sign-off for them",
                "actor");
  if (auto worker = RequireWorker(); !worker) return worker;
  if (actor_ == t_.resolved_by)
    return Fail(ErrorCode::kPermissionDenied,
                "the resolver cannot record the client's sign-off of their own resolution",
                "actor");
  return Ok();
}

Status Machine::RequireCurrentLink(const cmd::LinkCycle& cycle, std::string_view request) const {
  if (!cycle || *cycle == t_.link_cycle) return Ok();
  return Fail(ErrorCode::kFailedPrecondition,
              "this link belongs to an earlier " + std::string(request) + " of " +
                  TicketRef(t_.id) + "; it no longer applies",
              "link");
}

Status Machine::RequireClientOrPerson() const {
  if (t_.IsClient(actor_) || ActorPerson() != nullptr) return Ok();
  return Fail(ErrorCode::kPermissionDenied,
              "'" + actor_ + "' is neither the ticket's client nor a person of this procedure",
              "actor");
}

}  // namespace tierdesk::core
