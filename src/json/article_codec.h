#pragma once

// Knowledge-base articles in JSON: the whole article, as the store keeps it. What a reader is
// shown of one is the HTTP adapter's view (it asks core::VersionFor first).

#include "common/result.h"
#include "core/article.h"
#include "json/codec.h"

namespace tierdesk::json {

// Round-trips exactly (revision included).
Json ArticleToJson(const core::Article& article);
[[nodiscard]] Result<core::Article> ArticleFromJson(const Json& j);

Json ArticleVisibilityToJson(const core::ArticleVisibility& visibility);
// kInvalidArgument naming "visibility" when malformed.
[[nodiscard]] Result<core::ArticleVisibility> ArticleVisibilityFromJson(const Json& j);

}  // namespace tierdesk::json
