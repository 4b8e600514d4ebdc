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

// Whether `cp` is a character no name may hold: C0 (NUL, line breaks...), DEL, C1, and the
// bidirectional controls and marks that could make "gpj.exe" read as "exe.jpg".
bool IsControlCharacter(char32_t cp);
// Whether UTF-8 `text` holds one (an invalid byte is read as itself).
bool HoldsControlCharacter(std::string_view text);
// `text` as valid UTF-8 without them (an invalid byte becomes U+FFFD): a name received from
// outside that must be kept (an attachment's in received mail) rather than refused.
std::string WithoutControlCharacters(std::string_view text);

// `text` cut to at most `max_bytes` at a character boundary (never inside a UTF-8 sequence), for
// names and text kept within a length limit.
std::string CutUtf8(std::string_view text, size_t max_bytes);

// Whether `text` is printable ASCII (0x21..0x7e, no spaces): identifiers callers choose, such as
// idempotency keys.
bool IsPrintableAscii(std::string_view text);

}  // namespace tierdesk
