// Hardening, round 2: logins. Behind the recommended reverse proxy every caller had the proxy's
// address, so wrong passwords for made-up logins locked every real login (item 3); the counts
// were per node; a flood of logins with a valid password took the queue from everyone else and
// made session rows without end (item 6); sessions outlived a password change (item 5).
#include <future>

#include "security/api_security_fixture.h"

namespace tierdesk::testing {
namespace {

class ProxiedLogin : public ApiLogin {
 protected:
  ProxiedLogin() : ApiLogin(WithProxy()) {}
  static http::ApiOptions WithProxy() {
    http::ApiOptions o = Options();
    o.trusted_proxies = {http::AddressRange::Parse("10.0.0.0/24").value()};
    return o;
  }
  // A login sent through the proxy at 10.0.0.1, for a caller at `client`.
  http::ApiResponse ViaProxy(const std::string& login, const std::string& password,
                             const std::string& client) {
    return h_.Send({"POST",
                    "/api/v1/login",
                    nlohmann::json{{"login", login}, {"password", password}}.dump(),
                    {{"x-forwarded-for", "198.51.100.250, " + client}},
                    "10.0.0.1"});
  }
};

TEST_F(ProxiedLogin, WrongPasswordsFromOneCallerDoNotLockOthersOut) {
  for (int i = 0; i < 20; ++i)
    EXPECT_EQ(ViaProxy("made-up-" + std::to_string(i), "guess", "203.0.113.9").status, 401);
  // The guesser is held back ...
  EXPECT_EQ(ViaProxy("made-up-99", "guess", "203.0.113.9").status, 429);
  // ... the person behind the same proxy is not.
  EXPECT_EQ(ViaProxy("ssc-ravi", "correct horse", "192.0.2.44").status, 200);
}

TEST_F(ApiLogin, ForwardedForFromAPeerNotTrustedIsIgnored) {
  // No trusted proxy: a caller naming a fresh address each time is still the one peer.
  for (int i = 0; i < 20; ++i) {
    auto r = h_.Send(
        {"POST",
         "/api/v1/login",
         nlohmann::json{{"login", "made-up-" + std::to_string(i)}, {"password", "guess"}}.dump(),
         {{"x-forwarded-for", "203.0.113." + std::to_string(i)}},
         "192.0.2.9"});
    EXPECT_EQ(r.status, 401) << r.body;
  }
  EXPECT_EQ(LogIn("ssc-ravi", "correct horse", "192.0.2.9").status, 429);
}

TEST(ClientAddress, WalksForwardedForPastTrustedProxiesOnly) {
  const std::vector<http::AddressRange> trusted = {http::AddressRange::Parse("10.0.0.0/8").value(),
                                                   http::AddressRange::Parse("::1").value()};
  EXPECT_EQ(http::ClientAddress("10.1.2.3", "203.0.113.9", trusted), "203.0.113.9");
  // The caller wrote the left part; the nearest untrusted hop is the caller.
  EXPECT_EQ(http::ClientAddress("10.1.2.3", "1.1.1.1, 203.0.113.9, 10.0.0.7", trusted),
            "203.0.113.9");
  EXPECT_EQ(http::ClientAddress("192.0.2.1", "203.0.113.9", trusted), "192.0.2.1");
  EXPECT_EQ(http::ClientAddress("::ffff:10.0.0.2", "203.0.113.9", trusted), "203.0.113.9");
  EXPECT_EQ(http::ClientAddress("::1", "not-an-address", trusted), "::1");
  EXPECT_EQ(http::ClientAddress("10.1.2.3", "", trusted), "10.1.2.3");
  // Per-address bounds count an IPv6 caller by its /64: a new address at every try is no escape.
  EXPECT_EQ(http::CallerNetwork("2001:db8:1:2:aaaa::1"), http::CallerNetwork("2001:db8:1:2::ffff"));
  EXPECT_EQ(http::CallerNetwork("2001:db8:1:2:aaaa::1"), "2001:db8:1:2::/64");
  EXPECT_NE(http::CallerNetwork("2001:db8:1:3::1"), http::CallerNetwork("2001:db8:1:2::1"));
  EXPECT_EQ(http::CallerNetwork("192.0.2.1"), "192.0.2.1");
  EXPECT_EQ(http::CallerNetwork("::ffff:192.0.2.1"), "::ffff:192.0.2.1");
  EXPECT_FALSE(http::AddressRange::Parse("10.0.0.0/33").has_value());
  EXPECT_FALSE(http::AddressRange::Parse("example.org").has_value());
}

// Two nodes share the store: a node that never saw the failures refuses the next try as well.
TEST_F(ApiLogin, FailuresAreCountedInTheStoreForEveryNode) {
  for (int i = 0; i < 5; ++i) EXPECT_EQ(LogIn("ssc-ravi", "guess").status, 401);
  http::Metrics metrics;
  http::Api other_node(h_.engine(), {&h_.store()}, h_.procedure(), h_.clock(), metrics, Options());
  std::promise<http::ApiResponse> answer;
  http::ApiRequest request;
  request.method = "POST";
  request.path = "/api/v1/login";
  request.headers["content-type"] = "application/json";
  request.body = R"({"login":"ssc-ravi","password":"correct horse"})";
  request.remote = "192.0.2.1";
  other_node.Handle(request, [&](http::ApiResponse r) { answer.set_value(std::move(r)); });
  auto got = answer.get_future();
  ASSERT_EQ(got.wait_for(std::chrono::seconds(10)), std::future_status::ready);
  EXPECT_EQ(got.get().status, 429);
  // A success clears the login's own records (not the address's).
  h_.clock().AdvanceTo(h_.clock().Now() + std::chrono::hours(1));
  EXPECT_EQ(LogIn("ssc-ravi", "correct horse").status, 200);
  const auto keys = http::LoginGuard::KeysFor("ssc-ravi", "192.0.2.1");
  const std::vector<std::string> own = keys.OfTheLogin();
  EXPECT_TRUE(h_.store().FindLoginFailures(own)->empty());
}

// 6. Seventy logins at once with a valid password gave another person's login 503 and made
// 7.7 session rows a second. One caller's checks are now bounded, and so are a login's sessions.
TEST_F(ApiLogin, AFloodOfLoginsLeavesOthersTheirTurnAndMakesFewSessions) {
  (void)h_.store().PutAccount({"psc-anil", http::HashPassword("battery staple").value(), {}});
  std::vector<std::future<http::ApiResponse>> flood;
  for (int i = 0; i < 70; ++i)
    flood.push_back(std::async(std::launch::async,
                               [&] { return LogIn("ssc-ravi", "correct horse", "198.51.100.7"); }));
  EXPECT_EQ(LogIn("psc-anil", "battery staple", "192.0.2.50").status, 200);
  int accepted = 0, refused = 0;
  for (auto& f : flood) {
    const int status = f.get().status;
    accepted += status == 200;
    refused += status == 429;
  }
  EXPECT_EQ(accepted + refused, 70);
  EXPECT_LE(accepted, 10);  // logins_per_minute
  EXPECT_EQ(h_.store().DeleteSessionsOf("ssc-ravi").value(), accepted);
}

}  // namespace
}  // namespace tierdesk::testing
