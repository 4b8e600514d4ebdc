#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/time.h"
#include "core/event_type.h"
#include "core/ticket.h"

namespace tierdesk::core {

// One line of a ticket's history, as stored in the append-only log and printed by replay.
// `type` and the field names are a stable interface (timeline JSON, API, webhooks).
struct Event {
  TicketId ticket = 0;
  Timestamp at{};
  std::string type;   // an EventTypeName: created, handed_off, paged, acknowledged, ...
  std::string actor;  // who caused it: a person, "client:<id>" or "system"
  std::string to;     // who or what it is directed at, when anyone
  std::vector<std::pair<std::string, std::string>> fields;  // type-specific, in order

  const std::string* Field(std::string_view key) const;
  friend bool operator==(const Event&, const Event&) = default;
};

// Something the outside world must be told, delivered after the change commits.
struct Effect {
  enum class Kind { kEmail, kPage, kTask, kWebhook };
  Kind kind = Kind::kEmail;
  TicketId ticket = 0;
  std::string to;  // email address; person id for pages and tasks; URL for webhooks
  std::string template_name;
  std::string subject;
  std::string body;
  friend bool operator==(const Effect&, const Effect&) = default;
};

const char* EffectKindName(Effect::Kind k);
// The kind EffectKindName names; mail for a name it never gives (rows written before a kind
// existed were mail).
Effect::Kind ParseEffectKind(std::string_view name);

}  // namespace tierdesk::core
