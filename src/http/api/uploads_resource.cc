// Files sent over the API to attach to tickets: the upload, and the attachments a create,
// client_reply or note names. The bytes are stored by digest (as received mail's files are);
// a command then names them, and the ticket lists them.
#include "http/api/uploads_resource.h"

#include <algorithm>

#include "common/sha256.h"
#include "http/api/api_util.h"
#include "http/api/uploads.h"

namespace tierdesk::http {

ApiResponse UploadsResource::Upload(const ApiRequest& request, const Principal& who) {
  // Api::CheckCaller has refused read-only tokens, the mail gateway, sessions without their CSRF
  // token, bodies over max_upload_bytes and media types not in kUploadMediaTypes.
  ApiResponse error;
  auto query = ParseQuery(request.query, error);
  if (!query) return error;
  for (const auto& [key, value] : *query)
    if (key != "name")
      return ErrorResponse(Refusal::kInvalidArgument, "unknown query parameter '" + key + "'", key);
  auto given = query->find("name");
  if (given == query->end())
    return ErrorResponse(Refusal::kInvalidArgument, "name the file: ?name=<file name>", "name");
  auto name = UploadFileName(given->second);
  if (!name) return ErrorResponse(name.error());
  if (request.body.empty())
    return ErrorResponse(Refusal::kInvalidArgument, "the body must be the file", "body");
  auto type = UploadMediaType(request.Header("content-type"));
  if (!type)
    return ErrorResponse(Refusal::kUnsupportedMediaType,
                         std::string("send the file as ") + kUploadMediaTypes, "Content-Type");
  // Stored by its digest: the same bytes sent again are the same file, stored once; recorded
  // as the caller's upload, which only they may attach, within the caller's allowance.
  const std::string sha256 = Sha256Hex(request.body);
  const Timestamp now = clock_.Now();
  {
    auto store = readers_.Borrow();
    auto used = store->UploadsSince(who.actor, now - limits_.upload_ttl);
    if (!used) return ErrorResponse(used.error());
    if (used->files + 1 > int64_t(limits_.uploads_per_caller) ||
        used->bytes + int64_t(request.body.size()) > int64_t(limits_.upload_bytes_per_caller)) {
      ApiResponse r =
          ErrorResponse(Refusal::kUploadQuota,
                        "you have uploaded " + std::to_string(used->files) + " files (" +
                            std::to_string(used->bytes) + " bytes) in the last " +
                            FormatDuration(limits_.upload_ttl) +
                            ", as many as one caller may; attach them or wait",
                        "body");
      r.headers.emplace_back("Retry-After", "3600");
      return r;
    }
    if (auto stored = store->PutUpload(who.actor, sha256, request.body, now); !stored)
      return ErrorResponse(stored.error());
  }
  return Json(201, {{"sha256", sha256},
                    {"name", *name},
                    {"content_type", *type},
                    {"size", int64_t(request.body.size())}});
}

std::optional<ApiResponse> UploadsResource::CheckAttachments(core::Command& command,
                                                             const Principal& who) {
  std::vector<core::Attachment>* files = nullptr;
  if (auto* c = std::get_if<core::cmd::Create>(&command.body)) files = &c->attachments;
  if (auto* c = std::get_if<core::cmd::ClientReply>(&command.body)) files = &c->attachments;
  if (auto* c = std::get_if<core::cmd::Note>(&command.body)) files = &c->attachments;
  if (files == nullptr) return std::nullopt;
  return CheckFiles(*files, who);
}

std::optional<ApiResponse> UploadsResource::CheckFiles(std::vector<core::Attachment>& files_in,
                                                       const Principal& who,
                                                       const std::vector<core::Attachment>& kept) {
  std::vector<core::Attachment>* files = &files_in;
  if (files->empty()) return std::nullopt;
  if (files->size() > kMaxAttachments)
    return ErrorResponse(Refusal::kInvalidArgument,
                         "at most " + std::to_string(kMaxAttachments) + " files per request",
                         "attachments");
  auto store = readers_.Borrow();
  for (size_t i = 0; i < files->size(); ++i) {
    core::Attachment& file = (*files)[i];
    const std::string at = "attachments[" + std::to_string(i) + "]";
    auto name = UploadFileName(file.name);
    if (!name) return ErrorResponse(Refusal::kInvalidArgument, name.error().message, at + ".name");
    auto type = UploadMediaType(file.content_type);
    if (!type)
      return ErrorResponse(Refusal::kInvalidArgument,
                           std::string("the content type must be ") + kUploadMediaTypes,
                           at + ".content_type");
    auto same = [&](const core::Attachment& k) { return k.sha256 == file.sha256; };
    if (auto had = std::find_if(kept.begin(), kept.end(), same); had != kept.end()) {
      file =
          core::Attachment{std::move(*name), std::move(*type), had->size, file.sha256, "", false};
      continue;
    }
    // A digest names a file the caller uploaded: a guessed digest (another caller's upload, a
    // file of an internal note) must not attach it, nor tell whether it is stored.
    auto mine = store->HasUpload(who.actor, file.sha256, clock_.Now() - limits_.upload_ttl);
    if (!mine) return ErrorResponse(mine.error());
    auto size = *mine ? store->BlobSize(file.sha256) : Result<std::optional<int64_t>>();
    if (!size) return ErrorResponse(size.error());
    if (!*mine || !*size)
      return ErrorResponse(Refusal::kInvalidArgument,
                           "you uploaded no file with this sha256 lately; POST it to "
                           "/api/v1/uploads first",
                           at + ".sha256");
    file = core::Attachment{std::move(*name), std::move(*type), **size, file.sha256, "", false};
  }
  return std::nullopt;
}

}  // namespace tierdesk::http
