// libFuzzer target: the intake parser must take any bytes without crashing, and what it gives
// back must hold what intake relies on.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "mail/inbound.h"

namespace {

void Require(bool holds) {
  if (!holds) __builtin_trap();
}

bool IsValidUtf8(std::string_view s) { return tierdesk::mail::ValidUtf8(s) == s; }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view raw(reinterpret_cast<const char*>(data), size);
  // Small limits so the fuzzer reaches them.
  auto mail = tierdesk::mail::ParseInbound(
      raw, {.max_message_bytes = 1 << 20, .max_depth = 8, .max_parts = 64});
  if (!mail) {
    Require(!mail.error().message.empty());
    return 0;
  }
  Require(mail->from_address.find('@') != std::string::npos);
  for (const std::string* text : {&mail->from_address, &mail->from_name, &mail->subject,
                                  &mail->text, &mail->reply, &mail->message_id})
    Require(IsValidUtf8(*text));
  Require(mail->subject.find_first_of("\r\n") == std::string::npos);
  Require(mail->attachments.size() <= 64);
  for (const auto& a : mail->attachments) {
    Require(!a.name.empty() && a.name.find('/') == std::string::npos && IsValidUtf8(a.name));
    Require(a.data.size() <= size * 4 + 1024);  // decoding never inflates past base64's ratio
  }
  // The quoted-history cut only ever shortens.
  Require(tierdesk::mail::StripQuotedHistory(mail->text).size() <= mail->text.size() + 1);
  return 0;
}
