#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "common/utf8.h"

namespace tierdesk::mail {

struct InboundAttachment {
  std::string name;  // the sender's file name, made safe; "attachment-N" when it had none
  std::string content_type;
  std::string data;  // decoded bytes
};

// What intake needs of one received message, decoded to UTF-8.
struct InboundMail {
  std::string message_id;  // without angle brackets; empty when the message has none
  // Message-IDs this one answers: In-Reply-To first, then References from newest to oldest.
  std::vector<std::string> thread_ids;
  std::string from_address;  // lower case
  std::string from_name;
  std::string subject;
  std::string text;   // the body as plain text (HTML-only mail reduced to text)
  std::string reply;  // `text` without the quoted history a reply carries below it
  std::vector<InboundAttachment> attachments;
  // Why this is machine mail (an auto-reply, a bounce, a list); empty when a person wrote it.
  // Machine mail never opens tickets or adds replies: answering it is how loops start.
  std::string automated;
};

struct ParseLimits {
  size_t max_message_bytes = 25 * 1024 * 1024;
  int max_depth = 12;  // multipart nesting
  size_t max_parts = 256;
  // Message-IDs read from In-Reply-To and References (newest first): each costs intake a
  // lookup, and a real thread is answered by its newest few.
  size_t max_thread_ids = 32;
};

// Parses an RFC 5322 message (MIME via GMime). kInvalidArgument, with the reason, for what
// cannot be a request: too large, no sender, nesting past the limits, not a message at all.
Result<InboundMail> ParseInbound(std::string_view raw, const ParseLimits& limits = {});

// `text` without what a reply quotes of earlier mail ("On ... wrote:", "-----Original
// Message-----", a trailing block of "> " lines).
std::string StripQuotedHistory(std::string_view text);

// ValidUtf8 (invalid bytes become U+FFFD) is in common/utf8.h.
using tierdesk::ValidUtf8;

}  // namespace tierdesk::mail
