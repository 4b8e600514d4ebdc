#pragma once

#include <optional>
#include <string>

#include "common/clock.h"
#include "core/article.h"
#include "http/api/api_options.h"
#include "http/api/exchange.h"
#include "http/api/procedure_in_force.h"
#include "http/api/reader_pool.h"
#include "http/api/uploads_resource.h"
#include "http/auth/auth.h"

namespace tierdesk::http {

// The knowledge base over the API (articles_resource.cc). Every path that shows an article or a
// piece of one (the list, search and its snippets, the article, its files) reads through
// core::VersionFor for the caller, and shows nothing it refuses: an article a caller may not read
// is answered as one that does not exist. Writes run the core's workflow (core/article.h) and
// save at the revision read (If-Match, optional).
class ArticlesResource {
 public:
  ArticlesResource(ReaderPool& readers, ProcedureInForce& procedure, const Clock& clock,
                   const RequestLimits& limits, UploadsResource& uploads)
      : readers_(readers),
        procedure_(procedure),
        clock_(clock),
        limits_(limits),
        uploads_(uploads) {}

  // GET /api/v1/articles?q=&status=&subject=&before=&limit=
  ApiResponse List(const ApiRequest& request, const Principal& who);
  // POST /api/v1/articles
  ApiResponse Create(const ApiRequest& request, const Principal& who);
  // GET /api/v1/articles/{ref}
  ApiResponse Get(const Principal& who, const std::string& ref);
  // POST /api/v1/articles/{ref}/{action}: edit, submit, send_back, publish, archive, visibility,
  // subjects (core::ArticleActions names them).
  ApiResponse Change(const ApiRequest& request, const Principal& who, const std::string& ref,
                     const std::string& action);
  // GET /api/v1/articles/{ref}/files/{sha256}: a file of the version the caller reads.
  ApiResponse File(const Principal& who, const std::string& ref, const std::string& sha256);

 private:
  // Who asks, as the visibility rule knows readers (a client with their organisation).
  Result<core::ArticleReader> ReaderOf(const Principal& who);
  // The client `client_id` as a reader (their organisation from the directory).
  Result<core::ArticleReader> ClientReader(const std::string& client_id);
  // The client of the ticket `ref` names ("TD-12") as a reader (readable_by).
  Result<core::ArticleReader> TicketClientReader(const std::string& ref);
  ReaderPool& readers_;
  ProcedureInForce& procedure_;
  const Clock& clock_;
  const RequestLimits& limits_;
  UploadsResource& uploads_;
};

}  // namespace tierdesk::http
