// Mail over the API: received mail handed in by the gateway, and mail kept for an operator.
#include "http/api/mail_resource.h"

#include <charconv>

#include "http/api/api_util.h"

namespace tierdesk::http {

void MailResource::Inbound(const ApiRequest& request, const Principal& who, Respond respond) {
  if (!who.mail_gateway)
    return respond(ErrorResponse(Refusal::kPermissionDenied,
                                 "only the mail gateway's token hands in received mail"));
  if (!intake_)
    return respond(ErrorResponse(Refusal::kUnavailable, "mail intake is not configured ([mail])"));
  if (request.body.empty())
    return respond(
        ErrorResponse(Refusal::kInvalidArgument, "the body must be the message", "body"));
  // The writer answers once the change is durable: the gateway may then tell its MTA so.
  auto reader = readers_.Borrow();
  auto result = intake_(request.body, *reader);
  if (!result) return respond(ErrorResponse(result.error()));
  respond(Json(200, *result));
}

ApiResponse MailResource::Refused(const Principal& who, const std::string& id) {
  if (who.is_client() || who.mail_gateway)
    return ErrorResponse(Refusal::kPermissionDenied, "refused mail is for staff");
  auto reader = readers_.Borrow();
  if (id.empty()) {
    auto list = reader->ListRefusedMail(200);
    if (!list) return ErrorResponse(list.error());
    json::Json items = json::Json::array();
    for (const auto& m : *list)
      items.push_back({{"id", m.id},
                       {"received_at", FormatTimestamp(m.received_at, procedure_->zone)},
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

}  // namespace tierdesk::http
