#include "http/uploads.h"

#include "common/utf8.h"
#include "http/api_util.h"

namespace tierdesk::http {

namespace {

constexpr std::string_view kTypes[] = {"image/png",  "image/jpeg",      "image/gif",
                                       "image/webp", "application/pdf", "text/plain"};

// The code point of the UTF-8 sequence at text[i] (valid UTF-8 assumed) and its length.
std::pair<char32_t, size_t> CodePointAt(std::string_view text, size_t i) {
  const auto c = static_cast<unsigned char>(text[i]);
  const size_t length = c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
  char32_t cp = length == 1 ? c : c & (0x7f >> length);
  for (size_t k = 1; k < length; ++k)
    cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3f);
  return {cp, length};
}

bool IsControl(char32_t cp) {
  return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) ||  // C0, DEL, C1
         (cp >= 0x202a && cp <= 0x202e) ||           // bidirectional embeddings and overrides
         (cp >= 0x2066 && cp <= 0x2069) ||           // bidirectional isolates
         cp == 0x200e || cp == 0x200f;               // direction marks
}

}  // namespace

const char* const kUploadMediaTypes =
    "image/png, image/jpeg, image/gif, image/webp, application/pdf or text/plain";

std::optional<std::string> UploadMediaType(std::string_view content_type) {
  for (std::string_view type : kTypes)
    if (IsMediaType(content_type, type)) return std::string(type);
  return std::nullopt;
}

Result<std::string> UploadFileName(std::string_view name) {
  auto refuse = [](const std::string& why) {
    return Fail(ErrorCode::kInvalidArgument, "the file name " + why, "name");
  };
  if (name.empty() || name == "." || name == "..") return refuse("is missing");
  if (!IsValidUtf8(name)) return refuse("is not UTF-8");
  for (size_t i = 0; i < name.size();) {
    const auto [cp, length] = CodePointAt(name, i);
    if (cp == '/' || cp == '\\') return refuse("may not hold a path separator ('/' or '\\')");
    if (IsControl(cp)) return refuse("may not hold a control character");
    i += length;
  }
  return CutUtf8(name, kMaxFileNameBytes);
}

}  // namespace tierdesk::http
