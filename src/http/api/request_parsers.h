#pragma once

// What the API reads from a request besides its body: the If-Match header, the queue's cursor
// and the values of query parameters. Pure functions of text: every caller's bytes end here
// before anything acts on them (tests/unit/http/request_parsers_test.cc).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "service/ports.h"

namespace tierdesk::http {

// If-Match (RFC 9110, 13.1.1) as a write's condition.
struct IfMatch {
  // False for an absent header and for "*" (any version: the ticket exists, which a command
  // needs anyway); true for a list of entity tags.
  bool conditional = false;
  // The versions the list names. Tags compare strongly: a weak tag, or one this API never
  // gives ("007", "x"), is in the list but matches no version, so it is not here.
  std::vector<int64_t> versions;
};
// nullopt when the header is malformed (not "*", not a comma-separated list of quoted tags).
std::optional<IfMatch> ParseIfMatch(std::string_view header);
// A ticket's entity tag for its version: "7".
std::string EntityTagOf(int64_t version);

// The queue's keyset cursor, "<priority>.<received_at seconds>.<ticket id>": where the next
// page starts. nullopt for text this API did not give.
std::string EncodeQueueCursor(const service::QueuePosition& position);
std::optional<service::QueuePosition> DecodeQueueCursor(std::string_view text);

// "true" or "false"; nullopt otherwise.
std::optional<bool> ParseBoolParameter(std::string_view value);
// A whole number from `min` to `max`, in decimal digits only; nullopt otherwise.
std::optional<int> ParseCountParameter(std::string_view value, int min, int max);

}  // namespace tierdesk::http
