#include "main/mail_cli.h"

#include <curl/curl.h>

#include <iostream>
#include <iterator>
#include <memory>

#include "main/gateway_http.h"
#include "service/clients.h"

namespace tierdesk::cli {

namespace {

size_t Collect(char* data, size_t size, size_t count, void* out) {
  static_cast<std::string*>(out)->append(data, size * count);
  return size * count;
}

// `url` parses as an http or https URL with a host (libcurl's own parser, which the request
// would use).
bool IsHttpUrl(const std::string& url) {
  std::unique_ptr<CURLU, void (*)(CURLU*)> parsed(curl_url(), curl_url_cleanup);
  if (!parsed || curl_url_set(parsed.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK)
    return false;
  char* scheme = nullptr;
  if (curl_url_get(parsed.get(), CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK) return false;
  const std::string name = scheme;
  curl_free(scheme);
  return name == "http" || name == "https";
}

}  // namespace

json::Json MailOutcomeJson(const mail::IntakeResult& result) {
  json::Json j{{"outcome", mail::IntakeOutcomeName(result.outcome)}};
  if (result.ticket > 0) j["ticket"] = core::TicketRef(result.ticket);
  if (result.outcome == mail::IntakeOutcome::kRefused) {
    j["reason"] = result.reason;
    j["kept_as"] = result.refused_id;
  }
  return j;
}

int RunMailGateway(const std::string& server_url, const std::string& token_file) {
  const auto token = ReadGatewayToken(token_file);
  if (!token) {
    std::cerr << "tierdesk mail-gateway: cannot read a token from " << token_file << "\n";
    return kExConfig;
  }
  const std::string url = TrimLineEnd(server_url) + "/api/v1/mail/inbound";
  if (!IsHttpUrl(url)) {
    // A setup mistake, not a server that is down: the MTA must not retry it for days.
    std::cerr << "tierdesk mail-gateway: --server must be http(s)://host[:port]\n";
    return kExConfig;
  }
  const std::string message((std::istreambuf_iterator<char>(std::cin)),
                            std::istreambuf_iterator<char>());
  if (message.empty()) {
    std::cerr << "tierdesk mail-gateway: no message on standard input\n";
    return kExDataErr;
  }
  std::unique_ptr<CURL, void (*)(CURL*)> curl(curl_easy_init(), curl_easy_cleanup);
  const std::string auth = "Authorization: Bearer " + *token;
  curl_slist* headers = curl_slist_append(nullptr, auth.c_str());
  headers = curl_slist_append(headers, "Content-Type: message/rfc822");
  std::unique_ptr<curl_slist, void (*)(curl_slist*)> header_list(headers, curl_slist_free_all);
  std::string answer;
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, message.data());
  curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(message.size()));
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, Collect);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &answer);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, 120L);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  const CURLcode rc = curl_easy_perform(c);
  if (rc != CURLE_OK) {
    std::cerr << "tierdesk mail-gateway: " << url << ": " << curl_easy_strerror(rc) << "\n";
    return kExTempFail;
  }
  long status = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  if (status == 200)
    std::cout << answer << "\n";
  else
    std::cerr << "tierdesk mail-gateway: HTTP " << status << ": " << answer << "\n";
  return GatewayExitFor(status);
}

int AddClient(service::ClientDirectory& store, const service::Client& client) {
  auto entry = service::CheckClientEntry(client);
  if (!entry) {
    std::cerr << "tierdesk: --" << entry.error().field << ": " << entry.error().message << "\n";
    return 2;
  }
  if (auto put = store.PutClient(*entry); !put) {
    std::cerr << "tierdesk: " << put.error().message << "\n";
    return 2;
  }
  std::cout << "client " << entry->id << (entry->email.empty() ? "" : " <" + entry->email + ">")
            << "\n";
  return 0;
}

}  // namespace tierdesk::cli
