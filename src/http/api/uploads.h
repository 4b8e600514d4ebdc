#pragma once

// What the API takes as a file to attach to a ticket (POST /api/v1/uploads, and the attachments
// a create, client_reply or note names): which media types, which names, how many.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"

namespace tierdesk::http {

// Files one command may attach.
inline constexpr size_t kMaxAttachments = 10;
// A file name's longest stored form in bytes; longer names are cut, as received mail's are.
inline constexpr size_t kMaxFileNameBytes = 200;

// The accepted media types, as a 415 or a 422 lists them.
extern const char* const kUploadMediaTypes;

// The bare media type (lower case, parameters such as charset dropped) when `content_type` is
// one a file may have: screenshots (PNG, JPEG, GIF, WebP), PDF and plain text. Anything else
// (HTML, SVG, archives, executables) is refused: the files are shown to staff and clients.
std::optional<std::string> UploadMediaType(std::string_view content_type);

// `name` as it is stored and offered for download, cut to kMaxFileNameBytes at a character
// boundary. kInvalidArgument naming "name" when it is empty, ".", "..", not UTF-8, or holds a
// path separator ('/', '\') or a control character (C0, DEL, C1, or a bidirectional control
// that could make "gpj.exe" read as "exe.jpg"): such names are refused, not cleaned, so the
// caller knows the name that is kept.
[[nodiscard]] Result<std::string> UploadFileName(std::string_view name);

}  // namespace tierdesk::http
