#include "http/api/uploads.h"

#include "common/utf8.h"
#include "http/api/api_util.h"

namespace tierdesk::http {

namespace {

constexpr std::string_view kTypes[] = {"image/png",  "image/jpeg",      "image/gif",
                                       "image/webp", "application/pdf", "text/plain"};

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
  if (name.find_first_of("/\\") != std::string_view::npos)
    return refuse("may not hold a path separator ('/' or '\\')");
  if (HoldsControlCharacter(name)) return refuse("may not hold a control character");
  return CutUtf8(name, kMaxFileNameBytes);
}

}  // namespace tierdesk::http
