#pragma once

// Knowledge-base articles in JSON: the whole article, as the store keeps it. What a reader is
// shown of one is the HTTP adapter's view (it asks core::VersionFor first).

#include <initializer_list>
#include <optional>
#include <string_view>

#include "common/result.h"
#include "core/article.h"
#include "json/codec.h"

namespace tierdesk::json {

// Round-trips exactly (revision included).
Json ArticleToJson(const core::Article& article);
[[nodiscard]] Result<core::Article> ArticleFromJson(const Json& j);
// The same from a store's text (kInternal when it is not the JSON of an article).
[[nodiscard]] Result<core::Article> ArticleFromStoredText(std::string_view text);

Json ArticleVisibilityToJson(const core::ArticleVisibility& visibility);
// kInvalidArgument naming "visibility" when malformed.
[[nodiscard]] Result<core::ArticleVisibility> ArticleVisibilityFromJson(const Json& j);

// What a request to write or change an article sends; a field it leaves out is nullopt.
struct ArticleRequest {
  std::optional<std::string> title, body, note, reason;
  std::optional<std::vector<core::Attachment>> attachments;  // sizes 0 (AttachmentRefsFromJson)
  std::optional<core::ArticleVisibility> visibility;
  std::optional<std::vector<std::string>> assets;
  std::optional<std::vector<core::Category>> categories;
  std::optional<std::vector<core::TicketId>> tickets;  // sent as "TD-12"
};
// Reads `j`, an object holding only fields of `allowed`; kInvalidArgument naming the field at
// fault (an unknown one, a wrong type, a ticket that is not a reference).
[[nodiscard]] Result<ArticleRequest> ArticleRequestFromJson(
    const Json& j, std::initializer_list<std::string_view> allowed);

}  // namespace tierdesk::json
