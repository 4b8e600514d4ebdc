#include "common/utf8.h"

#include <algorithm>

namespace tierdesk {

namespace {

// The length of the well-formed UTF-8 sequence starting at text[i], or 0 if there is none.
size_t SequenceLength(std::string_view text, size_t i) {
  const auto c = static_cast<unsigned char>(text[i]);
  const size_t length = c < 0x80           ? 1
                        : (c >> 5) == 0x6  ? 2
                        : (c >> 4) == 0xe  ? 3
                        : (c >> 3) == 0x1e ? 4
                                           : 0;
  if (length == 0 || i + length > text.size()) return 0;
  for (size_t k = 1; k < length; ++k)
    if ((static_cast<unsigned char>(text[i + k]) & 0xc0) != 0x80) return 0;
  if (length > 1) {
    const auto c1 = static_cast<unsigned char>(text[i + 1]);
    bool ok = true;
    if (length == 2) ok = c >= 0xc2;
    if (length == 3) ok = !(c == 0xe0 && c1 < 0xa0) && !(c == 0xed && c1 >= 0xa0);
    if (length == 4) ok = !(c == 0xf0 && c1 < 0x90) && !(c == 0xf4 && c1 >= 0x90) && c <= 0xf4;
    if (!ok) return 0;
  }
  return length;
}

// The code point of the UTF-8 sequence of `length` bytes at text[i] (well-formed).
char32_t CodePointAt(std::string_view text, size_t i, size_t length) {
  const auto c = static_cast<unsigned char>(text[i]);
  char32_t cp = length == 1 ? c : c & (0x7f >> length);
  for (size_t k = 1; k < length; ++k)
    cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3f);
  return cp;
}

// `text` as valid UTF-8 (each invalid byte becomes U+FFFD) with only the characters `keep` keeps.
template <class Keep>
std::string Rewritten(std::string_view text, Keep keep) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    const size_t length = SequenceLength(text, i);
    if (length == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
      continue;
    }
    if (keep(CodePointAt(text, i, length))) out.append(text.substr(i, length));
    i += length;
  }
  return out;
}

}  // namespace

bool IsControlCharacter(char32_t cp) {
  return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) ||     // C0, DEL, C1
         (cp >= 0x202a && cp <= 0x202e) ||              // bidirectional embeddings and overrides
         (cp >= 0x2066 && cp <= 0x2069) ||              // bidirectional isolates
         cp == 0x200e || cp == 0x200f || cp == 0x061c;  // direction marks
}

bool HoldsControlCharacter(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    const size_t length = std::max<size_t>(SequenceLength(text, i), 1);
    if (IsControlCharacter(CodePointAt(text, i, length))) return true;
    i += length;
  }
  return false;
}

std::string WithoutControlCharacters(std::string_view text) {
  return Rewritten(text, [](char32_t cp) { return !IsControlCharacter(cp); });
}

bool IsValidUtf8(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    const size_t length = SequenceLength(text, i);
    if (length == 0) return false;
    i += length;
  }
  return true;
}

std::string ValidUtf8(std::string_view text) {
  return Rewritten(text, [](char32_t cp) { return cp != 0; });
}

std::string CutUtf8(std::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xc0) == 0x80) --cut;
  return std::string(text.substr(0, cut));
}

bool IsPrintableAscii(std::string_view text) {
  for (char c : text)
    if (c < 0x21 || c > 0x7e) return false;
  return true;
}

}  // namespace tierdesk
