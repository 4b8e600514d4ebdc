#pragma once

#include <string>
#include <string_view>

namespace tierdesk {

// Whether `text` is well-formed UTF-8 (no overlong forms, no surrogates, nothing past
// U+10FFFF). Every byte from outside is checked with this before it can reach JSON output,
// whose writer refuses anything else.
bool IsValidUtf8(std::string_view text);

// `text` as valid UTF-8: each invalid byte becomes U+FFFD and NUL bytes are dropped. For text
// that must be kept whatever its encoding (received mail); requests are refused instead.
std::string ValidUtf8(std::string_view text);

// `text` cut to at most `max_bytes` at a character boundary (never inside a UTF-8 sequence), for
// names and text kept within a length limit.
std::string CutUtf8(std::string_view text, size_t max_bytes);

// Whether `text` is printable ASCII (0x21..0x7e, no spaces): identifiers callers choose, such as
// idempotency keys.
bool IsPrintableAscii(std::string_view text);

}  // namespace tierdesk
