#pragma once

// The knowledge base over the stores: what each store indexes of an article (its views, with the
// plain text of its Markdown and of its text files), saving changes the core decided, and search
// with the same terms on every backend.

#include <string_view>
#include <vector>

#include "core/article.h"
#include "service/ports.h"

namespace tierdesk::service {

// Text files of a version (by content type) that search reads, each up to this many bytes.
inline constexpr size_t kMaxIndexedFileBytes = 256 * 1024;

// The views of `article` a store keeps for lists and search (core::ArticleViews), with their
// text: the body's words without markup, then each text file's (read from `files`).
StoredArticle Indexed(const core::Article& article, FileStore& files);

// Stores a new article: it comes back with its id and revision.
[[nodiscard]] Result<core::Article> SaveNewArticle(ArticleStore& articles, FileStore& files,
                                                   core::Article article);
// Stores `changed`, a change the core decided on the article as read at revision
// `changed.revision`: it comes back at the next revision (kFailedPrecondition when another
// change was saved in between).
[[nodiscard]] Result<core::Article> SaveArticleChange(ArticleStore& articles, FileStore& files,
                                                      core::Article changed);

// What Indexed stores of an article (its views, their keys and tags) is this version: raised when
// that changes (2: published versions readable as known fixes, core::ArticleReader::KnownFixes).
inline constexpr int kArticleIndexVersion = 2;
// Stores every article anew with Indexed when the database's index is of an older version (the
// setting "article_index"), then records this version. Run at start; an article another node
// changes meanwhile was stored by it with this version's index.
[[nodiscard]] Status RefreshArticleIndex(Store& store);

// What `reader` finds for `words`, best first: articles holding every term, then (when those are
// fewer than `limit`) those holding some. Any words are accepted; none that count find nothing.
[[nodiscard]] Result<std::vector<ArticleEntry>> SearchArticles(ArticleStore& articles,
                                                               std::string_view words,
                                                               const core::ArticleReader& reader,
                                                               std::optional<std::string> subject,
                                                               int limit);

}  // namespace tierdesk::service
