#pragma once

// The ApiSecurity fixture: the transport-free Api on the three-level procedure, with a token for
// a few staff and two clients, and helpers to read answers. Shared by the security tests.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <thread>

#include "security/api_harness.h"
#include "test_support.h"

namespace tierdesk::testing {

using ::testing::HasSubstr;
using ::testing::Not;

inline nlohmann::json Parse(const http::ApiResponse& r) {
  return nlohmann::json::parse(r.body, nullptr, false);
}
inline std::string ErrorField(const http::ApiResponse& r) {
  auto j = Parse(r);
  return j.is_object() && j.contains("error") ? j["error"].value("field", "") : "";
}
inline std::string Lower(std::string s) {
  for (char& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
  return s;
}
inline std::string Header(const http::ApiResponse& r, const std::string& name) {
  for (const auto& [k, v] : r.headers)
    if (k == name) return v;
  return {};
}

class ApiSecurity : public ::testing::Test {
 protected:
  explicit ApiSecurity(http::ApiOptions options = {}, service::EngineOptions engine = {})
      : h_((kSourceDir / "procedures" / "000-three-level-support.toml").string(),
           std::move(options), engine) {
    for (const char* actor :
         {"psc-anil", "ssc-ravi", "dsc-arjun", "client:C-1001", "client:C-2002"})
      tokens_[actor] = h_.Token(actor);
  }
  // A ticket opened by Level 1 for `client` on web-01; its ref.
  std::string Open(const std::string& client, const std::string& description = "It fails") {
    auto r = h_.As(tokens_["psc-anil"], "POST", "/api/v1/tickets",
                   nlohmann::json{{"title", "Shop checkout returns 500"},
                                  {"client_id", client},
                                  {"description", description},
                                  {"requester_email", "ganesh@client.example"},
                                  {"assets", {{"server", "web-01"}}}}
                       .dump());
    EXPECT_EQ(r.status, 201) << r.body;
    return Parse(r).value("id", "");
  }
  // A request a client may send: a title and a way to reach them, plus `extra` fields.
  static nlohmann::json Request(const std::string& title, nlohmann::json extra = {}) {
    nlohmann::json body = {{"title", title}, {"requester_email", "someone@client.example"}};
    for (auto& [k, v] : extra.items()) body[k] = v;
    return body;
  }
  // Waits until every request is counted out (the count drops just after the answer).
  bool NoneInFlight() {
    for (int i = 0; i < 500 && h_.api().InFlight() > 0; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    return h_.api().InFlight() == 0;
  }
  http::ApiResponse Post(const std::string& who, const std::string& path,
                         const nlohmann::json& body, std::map<std::string, std::string> h = {}) {
    return h_.As(tokens_[who], "POST", path, body.dump(), std::move(h));
  }

  ApiHarness h_;
  std::map<std::string, std::string> tokens_;
};

// The login route, with an account for ssc-ravi ("correct horse") and no rate limit.
class ApiLogin : public ApiSecurity {
 protected:
  explicit ApiLogin(http::ApiOptions options = Options()) : ApiSecurity(std::move(options)) {
    (void)h_.store().PutAccount({"ssc-ravi", http::HashPassword("correct horse").value(), {}});
  }
  static http::ApiOptions Options() {
    http::ApiOptions o;
    o.secure_cookies = true;
    o.requests_per_second = 0;  // the login guard is under test, not the rate limiter
    return o;
  }
  http::ApiResponse LogIn(const std::string& login, const std::string& password,
                          const std::string& from = "192.0.2.1") {
    return h_.Send({"POST",
                    "/api/v1/login",
                    nlohmann::json{{"login", login}, {"password", password}}.dump(),
                    {},
                    from});
  }
};

}  // namespace tierdesk::testing
