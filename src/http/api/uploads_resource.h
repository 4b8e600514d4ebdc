#pragma once

#include <optional>

#include "common/clock.h"
#include "core/command.h"
#include "http/api/api_options.h"
#include "http/api/exchange.h"
#include "http/api/reader_pool.h"
#include "http/auth/auth.h"

namespace tierdesk::http {

// Files sent over the API to attach to tickets (uploads_resource.cc): the upload, and the check
// of the attachments a create, client_reply or note names.
class UploadsResource {
 public:
  UploadsResource(ReaderPool& readers, const Clock& clock, const RequestLimits& limits)
      : readers_(readers), clock_(clock), limits_(limits) {}

  // POST /api/v1/uploads: stores the body as a file the caller's commands may then attach.
  ApiResponse Upload(const ApiRequest& request, const Principal& who);
  // The files a create, client_reply or note attaches, checked (at most kMaxAttachments, each a
  // file the caller uploaded within upload_ttl, with a name and type an upload may have) and
  // given their stored size; the response to send when one is refused (422 naming
  // `attachments[i].<field>`).
  std::optional<ApiResponse> CheckAttachments(core::Command& command, const Principal& who);
  // The same check of a list of files, where a file of `kept` (the files a document already
  // has, by digest) needs no recent upload: it is stored already and the caller saw it.
  std::optional<ApiResponse> CheckFiles(std::vector<core::Attachment>& files, const Principal& who,
                                        const std::vector<core::Attachment>& kept = {});

 private:
  ReaderPool& readers_;
  const Clock& clock_;
  const RequestLimits& limits_;
};

}  // namespace tierdesk::http
