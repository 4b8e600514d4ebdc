#include "core/ticket.h"

#include "common/text.h"
#include "core/enum_names.h"

namespace tierdesk::core {

std::string TicketRef(TicketId id) { return "TD-" + std::to_string(id); }

std::optional<TicketId> ParseTicketRef(std::string_view ref) { return ParseRef(ref, "TD-"); }

namespace {
constexpr std::string_view kClientPrefix = "client:";
}

std::string ClientActor(std::string_view client_id) {
  return std::string(kClientPrefix) + std::string(client_id);
}

bool IsClientActor(std::string_view actor) {
  return actor.starts_with(kClientPrefix) && actor.size() > kClientPrefix.size();
}

std::string_view ClientIdOf(std::string_view actor) {
  return IsClientActor(actor) ? actor.substr(kClientPrefix.size()) : std::string_view();
}

const char* ChannelName(Channel c) {
  switch (c) {
    case Channel::kEmail:
      return "email";
    case Channel::kWeb:
      return "web";
    case Channel::kPhone:
      return "phone";
    case Channel::kChat:
      return "chat";
    case Channel::kWalkIn:
      return "walk_in";
    case Channel::kSocial:
      return "social";
    case Channel::kApi:
      return "api";
  }
  return "";
}
std::optional<Channel> ParseChannel(std::string_view s) {
  return ParseByName<Channel, 7>(s, ChannelName);
}

const char* CategoryName(Category c) {
  switch (c) {
    case Category::kIncident:
      return "incident";
    case Category::kServiceRequest:
      return "service_request";
    case Category::kChangeRequest:
      return "change_request";
    case Category::kDefect:
      return "defect";
  }
  return "";
}
std::optional<Category> ParseCategory(std::string_view s) {
  return ParseByName<Category, 4>(s, CategoryName);
}

const char* ResponseStatusName(ResponseStatus s) {
  switch (s) {
    case ResponseStatus::kFixed:
      return "Fixed";
    case ResponseStatus::kWorkingOnIt:
      return "Working on it";
    case ResponseStatus::kNotAnIssue:
      return "Not an Issue";
    case ResponseStatus::kCannotReplicate:
      return "Cannot Replicate";
  }
  return "";
}
std::optional<ResponseStatus> ParseResponseStatus(std::string_view s) {
  static constexpr std::pair<const char*, ResponseStatus> kSnake[] = {
      {"fixed", ResponseStatus::kFixed},
      {"working_on_it", ResponseStatus::kWorkingOnIt},
      {"not_an_issue", ResponseStatus::kNotAnIssue},
      {"cannot_replicate", ResponseStatus::kCannotReplicate}};
  for (auto [name, status] : kSnake)
    if (s == name) return status;
  return ParseByName<ResponseStatus, 4>(s, ResponseStatusName);
}

const char* StageName(Stage s) {
  switch (s) {
    case Stage::kOpen:
      return "open";
    case Stage::kPendingClient:
      return "pending_client";
    case Stage::kAwaitingDecision:
      return "awaiting_decision";
    case Stage::kAwaitingClientApproval:
      return "awaiting_client_approval";
    case Stage::kAwaitingQc:
      return "awaiting_qc";
    case Stage::kAwaitingSignOff:
      return "awaiting_signoff";
    case Stage::kClosed:
      return "closed";
  }
  return "";
}
std::optional<Stage> ParseStage(std::string_view s) { return ParseByName<Stage, 7>(s, StageName); }

const SlaClock* Ticket::FindClock(std::string_view name) const {
  for (const auto& c : clocks)
    if (c.name == name) return &c;
  return nullptr;
}

SlaClock* Ticket::FindClock(std::string_view name) {
  for (auto& c : clocks)
    if (c.name == name) return &c;
  return nullptr;
}

namespace clocks {
std::string_view KindOf(std::string_view name) {
  if (name.substr(0, kConsultPrefix.size()) == kConsultPrefix) return kConsult;
  if (name.substr(0, kConsultPagePrefix.size()) == kConsultPagePrefix) return kConsultPage;
  return name;
}
}  // namespace clocks

SlaClock* Ticket::FindDueClock(std::string_view name, Timestamp due) {
  for (auto& c : clocks)
    if (c.name == name || (clocks::KindOf(c.name) == name && !c.paused && c.due == due)) return &c;
  return nullptr;
}

Consult* Ticket::OpenConsult(std::string_view team) {
  for (Consult& consult : consults)
    if (consult.team == team && consult.open()) return &consult;
  return nullptr;
}

void Ticket::SetClock(SlaClock clock) {
  if (SlaClock* existing = FindClock(clock.name))
    *existing = std::move(clock);
  else
    clocks.push_back(std::move(clock));
}

bool Ticket::IsClient(std::string_view actor) const {
  return !registration.client_id.empty() && actor == ClientActor(registration.client_id);
}

}  // namespace tierdesk::core
