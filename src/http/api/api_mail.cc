// Mail over the API: received mail handed in by the gateway, mail kept for an operator, and the
// files tickets were sent.
#include <charconv>

#include "core/visibility.h"
#include "http/api/api.h"
#include "http/api/api_util.h"

namespace tierdesk::http {

using core::ParseTicketRef;

void Api::InboundMail(const ApiRequest& request, const Principal& who, Respond respond) {
  if (!who.mail_gateway)
    return respond(ErrorResponse(Refusal::kPermissionDenied,
                                 "only the mail gateway's token hands in received mail"));
  if (!mail_intake_)
    return respond(ErrorResponse(Refusal::kUnavailable, "mail intake is not configured ([mail])"));
  if (request.body.empty())
    return respond(
        ErrorResponse(Refusal::kInvalidArgument, "the body must be the message", "body"));
  // The writer answers once the change is durable: the gateway may then tell its MTA so.
  auto reader = Reader();
  auto result = mail_intake_(request.body, *reader);
  if (!result) return respond(ErrorResponse(result.error()));
  respond(Json(200, *result));
}

ApiResponse Api::RefusedMail(const Principal& who, const std::string& id) {
  if (who.is_client() || who.mail_gateway)
    return ErrorResponse(Refusal::kPermissionDenied, "refused mail is for staff");
  auto reader = Reader();
  if (id.empty()) {
    auto list = reader->ListRefusedMail(200);
    if (!list) return ErrorResponse(list.error());
    json::Json items = json::Json::array();
    for (const auto& m : *list)
      items.push_back({{"id", m.id},
                       {"received_at", FormatTimestamp(m.received_at, P().zone)},
                       {"reason", m.reason},
                       {"message_id", m.message_id},
                       {"sender", m.sender},
                       {"size", m.size}});
    return Json(200, {{"refused_mail", items}});
  }
  int64_t number = 0;
  auto [end, ec] = std::from_chars(id.data(), id.data() + id.size(), number);
  if (ec != std::errc() || end != id.data() + id.size())
    return ErrorResponse(Refusal::kNotFound, "no refused mail " + id, "id");
  auto mail = reader->GetRefusedMail(number);
  if (!mail) return ErrorResponse(mail.error());
  if (!*mail) return ErrorResponse(Refusal::kNotFound, "no refused mail " + id, "id");
  ApiResponse r{200, (*mail)->raw, "message/rfc822", {}, ""};
  r.headers.emplace_back("Content-Disposition", "attachment; filename=\"refused-" + id + ".eml\"");
  return r;
}

ApiResponse Api::AttachmentFile(const Principal& who, const std::string& ref,
                                const std::string& sha256) {
  auto ticket_id = ParseTicketRef(ref);
  if (!ticket_id) return ErrorResponse(Refusal::kNotFound, "no ticket " + ref, "ticket");
  if (who.mail_gateway) return ErrorResponse(Refusal::kPermissionDenied, "not for the gateway");
  auto reader = Reader();
  auto ticket = reader->Load(*ticket_id);
  if (!ticket) return ErrorResponse(ticket.error());
  if (who.is_client() && ticket->registration.client_id != who.client_id)
    return ErrorResponse(Refusal::kNotFound, "no ticket " + ref, "ticket");
  // Only files this ticket lists (for a client, outside internal notes): a digest alone opens
  // nothing.
  const core::Attachment* file = nullptr;
  for (const auto& a : ticket->attachments)
    if (!a.sha256.empty() && a.sha256 == sha256 && (!who.is_client() || core::ClientSees(a)))
      file = &a;
  if (file == nullptr)
    return ErrorResponse(Refusal::kNotFound, ref + " has no attachment " + sha256, "attachment");
  auto bytes = reader->GetBlob(sha256);
  if (!bytes) return ErrorResponse(bytes.error());
  if (!*bytes) return ErrorResponse(Refusal::kNotFound, "the file is not stored", "attachment");
  // Served as a download, never rendered: a sender chose its type and its bytes.
  ApiResponse r{200, std::move(**bytes), "application/octet-stream", {}, ""};
  std::string name;
  for (char c : file->name) name += (c == '"' || c == '\\') ? '_' : c;
  r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + name + "\"");
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  return r;
}

}  // namespace tierdesk::http
