#include "http/pages/link_pages.h"

#include "common/html.h"
#include "common/utf8.h"
#include "http/api/api_util.h"
#include "http/auth/links.h"
#include "http/transport/security_headers.h"

namespace tierdesk::http {

namespace {

constexpr const char* kAlreadyUsed = "<p>This link has already been used.</p>";
constexpr std::string_view kStyle = "body{font-family:sans-serif;max-width:36em;margin:3em auto}";

ApiResponse Page(int status, const std::string& title, const std::string& body_html) {
  // The pages' policy, allowing their one inline style by its hash; no script runs here.
  static const std::string policy = PagePolicyAllowingStyle(kStyle);
  ApiResponse r;
  r.status = status;
  r.content_type = "text/html; charset=utf-8";
  // The address holds the link's token: no referrer at all, not even to our own pages.
  r.headers = {{"Cache-Control", "no-store"},
               {"Referrer-Policy", "no-referrer"},
               {"Content-Security-Policy", policy}};
  r.body = "<!doctype html><html><head><meta charset=\"utf-8\"><title>" + EscapeHtml(title) +
           "</title><style>" + std::string(kStyle) + "</style></head><body><h1>" +
           EscapeHtml(title) + "</h1>" + body_html + "</body></html>";
  return r;
}

std::string FormValue(std::string_view body, std::string_view name) {
  size_t pos = 0;
  while (pos <= body.size()) {
    size_t amp = body.find('&', pos);
    if (amp == std::string_view::npos) amp = body.size();
    std::string_view pair = body.substr(pos, amp - pos);
    if (pair.substr(0, name.size()) == name && pair.size() > name.size() &&
        pair[name.size()] == '=')
      return PercentDecode(pair.substr(name.size() + 1));
    pos = amp + 1;
  }
  return {};
}

struct LinkAction {
  const char* verb;  // what the page offers
  bool needs_reason;
};

std::optional<LinkAction> ActionFor(const std::string& action) {
  if (action == "acknowledge") return LinkAction{"Acknowledge the page for", false};
  if (action == "sign_off") return LinkAction{"Confirm the resolution of", false};
  if (action == "reopen") return LinkAction{"Report that this is not resolved:", true};
  if (action == "approve") return LinkAction{"Approve the proposed routing of", false};
  if (action == "decline") return LinkAction{"Decline the proposed routing of", true};
  return std::nullopt;
}

}  // namespace

void LinkPages::Handle(const ApiRequest& request, const std::string& token, Respond respond) {
  if (link_key_.empty())
    return respond(
        Page(404, "Link not available", "<p>This help desk does not use mail links.</p>"));
  auto claim = VerifyLink(link_key_, token, clock_.Now());
  if (!claim)
    return respond(Page(403, "Link not valid", "<p>" + EscapeHtml(claim.error().message) + "</p>"));
  auto action = ActionFor(claim->action);
  if (!action) return respond(Page(403, "Link not valid", "<p>Unknown action.</p>"));
  const std::string ref = core::TicketRef(claim->ticket);
  const std::string use_key = LinkUseKey(*claim);
  if (request.method == "GET") {
    // Only a courtesy: the POST below is what keeps a link to one use, in the writer.
    if (auto used = readers_.Borrow()->FindIdempotencyKey(use_key); used && *used)
      return respond(Page(409, ref, kAlreadyUsed));
    std::string form = "<p>" + EscapeHtml(std::string(action->verb) + " " + ref) +
                       "?</p>"
                       "<form method=\"post\">";
    if (action->needs_reason)
      form +=
          "<p><label>What is wrong?<br><textarea name=\"reason\" required rows=\"4\" "
          "cols=\"50\"></textarea></label></p>";
    form += "<button type=\"submit\">Confirm</button></form>";
    return respond(Page(200, ref, form));
  }
  if (request.body.size() > limits_.max_body_bytes)
    return respond(Page(413, ref, "<p>That is too much text.</p>"));
  const std::string reason = FormValue(request.body, "reason");
  if (!IsValidUtf8(reason))
    return respond(Page(400, ref, "<p>The text could not be read (it is not UTF-8).</p>"));
  if (reason.size() > limits_.max_text_bytes)
    return respond(Page(422, ref, "<p>Please say it in fewer words.</p>"));
  if (action->needs_reason && reason.empty())
    return respond(Page(422, ref, "<p>Please say what is wrong.</p>"));
  // The core refuses the command once the ticket has moved past the request the link was mailed
  // with; the use key makes a second use of the link a replay that changes nothing.
  const core::cmd::LinkCycle cycle = claim->cycle;
  core::Command command{claim->actor, claim->ticket, core::cmd::Acknowledge{cycle}, use_key};
  if (claim->action == "sign_off")
    command.body = core::cmd::SignOff{"signed off from the mail link", {}, {}, cycle};
  if (claim->action == "reopen") command.body = core::cmd::Reopen{reason, cycle};
  if (claim->action == "approve")
    command.body = core::cmd::ClientApproval{true, "approved from the mail link", cycle};
  if (claim->action == "decline") command.body = core::cmd::ClientApproval{false, reason, cycle};
  command.credential = "mailed link";
  engine_.Submit(std::move(command),
                 [ref, respond = std::move(respond)](Result<service::Outcome> r) {
                   if (!r)
                     return respond(Page(409, ref, "<p>" + EscapeHtml(r.error().message) + "</p>"));
                   if (r->repeated) return respond(Page(409, ref, kAlreadyUsed));
                   respond(Page(200, ref, "<p>Done. Thank you.</p>"));
                 });
}

}  // namespace tierdesk::http
