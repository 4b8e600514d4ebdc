#include "mail/smtp_courier.h"

#include <curl/curl.h>

#include <charconv>
#include <cstring>

#include "mail/mime.h"

namespace tierdesk::mail {

namespace {

struct Upload {
  const std::string& data;
  size_t sent = 0;
};

size_t ReadUpload(char* buffer, size_t size, size_t n, void* user) {
  auto* up = static_cast<Upload*>(user);
  const size_t chunk = std::min(size * n, up->data.size() - up->sent);
  std::memcpy(buffer, up->data.data() + up->sent, chunk);
  up->sent += chunk;
  return chunk;
}

bool ParseCycle(std::string_view text, int64_t& cycle) {
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), cycle);
  return !text.empty() && error == std::errc() && end == text.data() + text.size();
}

}  // namespace

std::string ResolveLinks(std::string_view text, core::TicketId ticket,
                         const SmtpCourier::LinkFor& link_for) {
  std::string out;
  size_t pos = 0;
  while (true) {
    const size_t open = text.find("[[link:", pos);
    const size_t close = open == std::string_view::npos ? open : text.find("]]", open);
    if (close == std::string_view::npos) break;
    out.append(text.substr(pos, open - pos));
    const std::string_view marker = text.substr(open + 7, close - open - 7);
    const size_t colon = marker.find(':');
    const size_t hash = marker.rfind('#');  // after the actor, who may hold ':' or '#'
    int64_t cycle = 0;
    const bool has_cycle = colon != std::string_view::npos && hash != std::string_view::npos &&
                           hash > colon && ParseCycle(marker.substr(hash + 1), cycle);
    if (has_cycle && link_for)
      out += link_for(std::string(marker.substr(0, colon)), ticket,
                      std::string(marker.substr(colon + 1, hash - colon - 1)), cycle);
    pos = close + 2;
  }
  out.append(text.substr(pos));
  return out;
}

std::string SmtpCourier::ThreadId(core::TicketId ticket, const std::string& domain) {
  return "td-" + std::to_string(ticket) + "@" + domain;
}

Status SmtpCourier::Deliver(const service::OutboxItem& item) {
  const core::Effect& e = item.effect;
  OutgoingMail mail;
  mail.from_name = settings_.from_name;
  mail.from_address = settings_.from_address;
  mail.to_address = e.to;
  if (e.kind != core::Effect::Kind::kEmail) {
    mail.to_address = address_of_ ? address_of_(e.to) : "";
    if (mail.to_address.empty())
      return Fail(ErrorCode::kFailedPrecondition, "no e-mail address for '" + e.to + "'");
  }
  mail.subject = e.subject;
  mail.text = ResolveLinks(e.body, e.ticket, link_for_);
  // The outbox id makes the Message-ID unique and stable across retries.
  mail.message_id =
      "td-" + std::to_string(e.ticket) + "-" + std::to_string(item.id) + "@" + settings_.domain;
  mail.in_reply_to = ThreadId(e.ticket, settings_.domain);
  mail.date = clock_.Now();
  mail.headers = {{"X-Tierdesk-Ticket", core::TicketRef(e.ticket)},
                  {"X-Tierdesk-Template", e.template_name}};
  const std::string message = BuildMime(mail);

  CURL* curl = curl_easy_init();
  if (curl == nullptr) return Fail(ErrorCode::kUnavailable, "libcurl failed to start");
  curl_slist* rcpt = curl_slist_append(nullptr, ("<" + mail.to_address + ">").c_str());
  Upload upload{message};
  const std::string from = "<" + settings_.from_address + ">";
  curl_easy_setopt(curl, CURLOPT_URL, settings_.url.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
  curl_easy_setopt(curl, CURLOPT_READFUNCTION, ReadUpload);
  curl_easy_setopt(curl, CURLOPT_READDATA, &upload);
  curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  if (settings_.starttls) curl_easy_setopt(curl, CURLOPT_USE_SSL, long(CURLUSESSL_ALL));
  if (!settings_.ca_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, settings_.ca_file.c_str());
  if (!settings_.username.empty()) {
    curl_easy_setopt(curl, CURLOPT_USERNAME, settings_.username.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, settings_.password.c_str());
  }
  const CURLcode rc = curl_easy_perform(curl);
  long code = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code);
  curl_slist_free_all(rcpt);
  curl_easy_cleanup(curl);
  if (rc == CURLE_OK) return Ok();
  const std::string why = std::string("smtp: ") + curl_easy_strerror(rc) +
                          (code ? " (server said " + std::to_string(code) + ")" : "");
  if (code >= 500 && code < 600) return Fail(ErrorCode::kFailedPrecondition, why);
  return Fail(ErrorCode::kUnavailable, why);
}

}  // namespace tierdesk::mail
