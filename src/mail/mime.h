#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/time.h"

namespace tierdesk::mail {

struct OutgoingMail {
  std::string from_name;
  std::string from_address;
  std::string to_address;
  std::string subject;  // UTF-8; encoded as RFC 2047 where needed
  std::string text;     // UTF-8 plain-text body
  std::string message_id;  // without angle brackets
  std::string in_reply_to;  // the thread's root Message-ID, without brackets; empty = none
  Timestamp date{};
  std::vector<std::pair<std::string, std::string>> headers;  // extra, e.g. X-Tierdesk-Ticket
};

// The HTML alternative of a plain-text body: escaped, paragraphs kept, URLs as links.
std::string Html(std::string_view text);

// The message as RFC 5322 text (CRLF line ends), built with GMime: UTF-8 headers encoded,
// the body quoted-printable as needed.
std::string BuildMime(const OutgoingMail& mail);

}  // namespace tierdesk::mail
