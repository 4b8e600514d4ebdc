// Regression tests for the hardening issue, through the transport-free Api: each failed on the
// code before its fix (a crash, a leak between clients, or an unbounded input taken).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <thread>

#include "http/auth/links.h"
#include "security/api_security_fixture.h"
#include "test_support.h"

namespace tierdesk::testing {
namespace {

// 1. A body nested a few hundred thousand levels deep, then another member, crashed the
// process (stack overflow in the JSON library) on any JSON route, logged in or not.
TEST_F(ApiSecurity, DeeplyNestedJsonIsRefusedBeforeParsing) {
  const std::string deep =
      "{\"login\":" + std::string(300000, '[') + std::string(300000, ']') + ",\"password\":\"x\"}";
  auto r = h_.Send({"POST", "/api/v1/login", deep});
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(ErrorField(r), "body");
  EXPECT_THAT(r.body, HasSubstr("nested deeper"));
  r = h_.As(tokens_["psc-anil"], "POST", "/api/v1/tickets",
            "{\"title\":" + std::string(200000, '{') + "}");
  EXPECT_EQ(r.status, 400) << r.body;
  // Nesting within the limit is parsed (and then judged field by field).
  r = h_.As(tokens_["psc-anil"], "POST", "/api/v1/tickets", R"({"title":[[["x"]]]})");
  EXPECT_EQ(r.status, 422) << r.body;
}

// 2. Invalid UTF-8 reached JSON output and threw on the writer thread (std::terminate), from an
// Idempotency-Key, a link form's reason, or a query parameter.
TEST_F(ApiSecurity, IdempotencyKeyMustBePrintableAscii) {
  for (std::string key : {std::string("k\xff"), std::string("two words"), std::string(256, 'k')}) {
    auto r = h_.As(tokens_["psc-anil"], "POST", "/api/v1/tickets", R"({"title":"x"})",
                   {{"idempotency-key", key}});
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(Lower(ErrorField(r)), "idempotency-key") << r.body;
  }
  EXPECT_FALSE(h_.store().Load(1).has_value());  // nothing was written
}

TEST_F(ApiSecurity, NonUtf8QueryIsAnsweredAndReleasesItsSlot) {
  for (std::string path :
       {std::string("/api/v1/tickets?tier=%FF"), std::string("/api/v1/tickets?tier=\xc3("),
        std::string("/api/v1/tickets?%FE=1")}) {
    auto r = h_.As(tokens_["psc-anil"], "GET", path);
    EXPECT_EQ(r.status, 400) << path << " " << r.body;
    EXPECT_TRUE(Parse(r).is_object()) << r.body;
  }
  EXPECT_TRUE(NoneInFlight());
}

TEST_F(ApiSecurity, NonUtf8HeaderIsRefused) {
  auto r = h_.As(tokens_["psc-anil"], "GET", "/api/v1/tickets", "", {{"x-note", "caf\xe9"}});
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(ErrorField(r), "x-note");
}

TEST_F(ApiSecurity, NonUtf8LinkReasonIsRefused) {
  const std::string ref = Open("C-1001");
  const std::string token = http::SignLink(
      ApiHarness::kLinkKey, {"reopen", 1, "client:C-1001", h_.clock().Now() + Seconds{3600}});
  auto r = h_.Send({"POST",
                    "/l/" + token,
                    "reason=caf%E9+broken",
                    {{"content-type", "application/x-www-form-urlencoded"}}});
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_TRUE(NoneInFlight());
}

// 3. Idempotency keys were global: client B reusing client A's key got A's ticket back.
TEST_F(ApiSecurity, IdempotencyKeysAreScopedToTheCaller) {
  auto a = Post("client:C-1001", "/api/v1/tickets",
                Request("A's secret trouble", {{"description", "A's private details"}}),
                {{"idempotency-key", "same-key"}});
  ASSERT_EQ(a.status, 201) << a.body;
  auto b = Post("client:C-2002", "/api/v1/tickets", Request("B's trouble"),
                {{"idempotency-key", "same-key"}});
  ASSERT_EQ(b.status, 201) << b.body;
  EXPECT_EQ(Header(b, "Idempotent-Replayed"), "");
  EXPECT_NE(Parse(b)["id"], Parse(a)["id"]);
  EXPECT_THAT(b.body, Not(HasSubstr("A's private details")));
  // The same caller's retry is the same request.
  auto again = Post("client:C-1001", "/api/v1/tickets",
                    Request("A's secret trouble", {{"description", "A's private details"}}),
                    {{"idempotency-key", "same-key"}});
  EXPECT_EQ(again.status, 201);
  EXPECT_EQ(Header(again, "Idempotent-Replayed"), "true");
  EXPECT_EQ(Parse(again)["id"], Parse(a)["id"]);
}

TEST_F(ApiSecurity, IdempotencyKeysAreScopedToTheCommandsTicket) {
  const std::string a = Parse(Post("client:C-1001", "/api/v1/tickets", Request("A")))["id"];
  const std::string b = Parse(Post("client:C-2002", "/api/v1/tickets", Request("B")))["id"];
  ASSERT_EQ(Post("client:C-1001", "/api/v1/tickets/" + a + "/note", {{"text", "from A"}},
                 {{"idempotency-key", "n1"}})
                .status,
            200);
  auto note = Post("client:C-2002", "/api/v1/tickets/" + b + "/note", {{"text", "from B"}},
                   {{"idempotency-key", "n1"}});
  ASSERT_EQ(note.status, 200) << note.body;
  EXPECT_EQ(Parse(note)["id"], b);
  EXPECT_EQ(Header(note, "Idempotent-Replayed"), "");
  auto events = h_.store().Events(*core::ParseTicketRef(b));
  ASSERT_TRUE(events.has_value());
  EXPECT_EQ(std::count_if(events->begin(), events->end(),
                          [](const core::Event& e) { return e.type == "note"; }),
            1);
}

// 4. Bodies over the limit are refused (the transport refuses larger ones on Content-Length).
TEST_F(ApiSecurity, BodyOverTheLimitIsRefused) {
  auto r = h_.As(tokens_["psc-anil"], "POST", "/api/v1/tickets",
                 "{\"title\":\"" + std::string((1 << 20), 'x') + "\"}");
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(ErrorField(r), "body");
}

// 6. Clients chose the tier and the priority; nothing had a length limit.
TEST_F(ApiSecurity, ClientsCannotChooseTierOrPriority) {
  // 9 (round 2): the raise flags too; service_down alone made a request critical.
  const std::map<std::string, nlohmann::json> fields = {
      {"tier", "L3"},          {"priority", "critical"}, {"impact", "critical"},
      {"urgency", "high"},     {"service_down", true},   {"no_workaround", true},
      {"people_affected", 500}};
  for (const auto& [field, value] : fields) {
    nlohmann::json body = Request("Please hurry");
    body[field] = value;
    auto r = Post("client:C-1001", "/api/v1/tickets", body);
    EXPECT_EQ(r.status, 403) << field << " " << r.body;
    EXPECT_EQ(ErrorField(r), field);
  }
  // Staff triage still sets them.
  auto staff = Post("psc-anil", "/api/v1/tickets",
                    Request("Outage", {{"client_id", "C-1001"}, {"priority", "critical"}}));
  EXPECT_EQ(staff.status, 201) << staff.body;
  EXPECT_EQ(Parse(staff)["priority"], "critical");
}

TEST_F(ApiSecurity, FieldsAndListsHaveLengthLimits) {
  struct Case {
    nlohmann::json body;
    std::string field;
  };
  const std::vector<Case> cases = {
      {{{"title", std::string(1001, 't')}}, "title"},
      {{{"title", "ok"}, {"description", std::string((64 << 10) + 1, 'd')}}, "description"},
      {{{"title", "ok"}, {"requester_name", std::string(1001, 'n')}}, "requester_name"},
      {{{"title", "ok"}, {"notify", std::vector<std::string>(21, "x@client.example")}}, "notify"},
      {{{"title", "ok"}, {"assets", {{"server", std::string(1001, 'a')}}}}, "assets.server"},
  };
  for (const Case& c : cases) {
    auto r = Post("client:C-1001", "/api/v1/tickets", c.body);
    EXPECT_EQ(r.status, 422) << c.field << " " << r.body.substr(0, 200);
    EXPECT_EQ(ErrorField(r), c.field);
  }
  // At the limits, taken.
  auto r = Post("client:C-1001", "/api/v1/tickets",
                Request(std::string(1000, 't'),
                        {{"description", std::string(64 << 10, 'd')},
                         {"notify", std::vector<std::string>(20, "x@client.example")}}));
  EXPECT_EQ(r.status, 201) << r.body.substr(0, 300);
}

// 8. Smaller findings.
TEST_F(ApiSecurity, ContentTypeIsMatchedExactly) {
  auto r = h_.As(tokens_["psc-anil"], "POST", "/api/v1/tickets", R"({"title":"x"})",
                 {{"content-type", "application/jsonx"}});
  EXPECT_EQ(r.status, 415);
  r = h_.As(tokens_["psc-anil"], "POST", "/api/v1/tickets",
            R"({"title":"x","client_id":"C-1001","requester_email":"a@client.example"})",
            {{"content-type", "Application/JSON; charset=utf-8"}});
  EXPECT_EQ(r.status, 201) << r.body;
}

TEST_F(ApiSecurity, HugeBreachingWindowIsRefusedNotWrapped) {
  auto r = h_.As(tokens_["psc-anil"], "GET", "/api/v1/tickets?breaching_within=99999999999999d");
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(ErrorField(r), "breaching_within");
  r = h_.As(tokens_["psc-anil"], "GET", "/api/v1/tickets?breaching_within=9223372036854775807s");
  EXPECT_EQ(r.status, 422) << r.body;
}

TEST_F(ApiSecurity, MetricsAreForLoopbackWithoutAToken) {
  EXPECT_EQ(h_.Send({"GET", "/metrics", "", {}, "203.0.113.9"}).status, 401);
  EXPECT_EQ(h_.Send({"GET", "/metrics", "", {}, "127.0.0.1"}).status, 200);
}

TEST_F(ApiSecurity, StaffSpeakToTheClientOnlyOnTicketsTheyWork) {
  const std::string ref = Open("C-1001");
  // dsc-arjun works Level 3; the ticket is at Level 1.
  auto r = Post("dsc-arjun", "/api/v1/tickets/" + ref + "/note",
                {{"text", "Hello from engineering"}, {"public", true}});
  EXPECT_EQ(r.status, 403) << r.body;
  r = Post("dsc-arjun", "/api/v1/tickets/" + ref + "/note", {{"text", "internal remark"}});
  EXPECT_EQ(r.status, 200) << r.body;
  r = Post("psc-anil", "/api/v1/tickets/" + ref + "/note",
           {{"text", "We are on it"}, {"public", true}});
  EXPECT_EQ(r.status, 200) << r.body;
}

// 5. Unlimited password guessing; argon2 held the HTTP threads (ApiLogin: the fixture header).
TEST_F(ApiLogin, GuessingIsThrottledPerLoginFromOneAddress) {
  for (int i = 0; i < 5; ++i) EXPECT_EQ(LogIn("ssc-ravi", "guess").status, 401);
  // Now even the right password waits, from there.
  auto r = LogIn("ssc-ravi", "correct horse");
  EXPECT_EQ(r.status, 429) << r.body;
  EXPECT_FALSE(Header(r, "Retry-After").empty());
  // The person, elsewhere, is not kept out by someone else's guesses (round 2, item 3); other
  // logins are not held up by it.
  EXPECT_EQ(LogIn("ssc-ravi", "correct horse", "192.0.2.77").status, 200);
  EXPECT_EQ(LogIn("psc-anil", "guess", "192.0.2.78").status, 401);
}

TEST_F(ApiLogin, GuessingIsThrottledPerAddress) {
  for (int i = 0; i < 20; ++i)
    EXPECT_EQ(LogIn("person-" + std::to_string(i), "guess", "198.51.100.7").status, 401);
  EXPECT_EQ(LogIn("ssc-ravi", "correct horse", "198.51.100.7").status, 429);
  EXPECT_EQ(LogIn("ssc-ravi", "correct horse", "198.51.100.8").status, 200);
}

TEST_F(ApiLogin, SessionCookieIsSecureWhenConfigured) {
  auto r = LogIn("ssc-ravi", "correct horse");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_THAT(Header(r, "Set-Cookie"), HasSubstr("; Secure"));
  EXPECT_THAT(Header(r, "Set-Cookie"), HasSubstr("HttpOnly"));
}

TEST_F(ApiLogin, PasswordChecksDoNotHoldTheCallersThread) {
  // Handle() hands the argon2 check to the password pool and returns at once; the answer
  // comes later from that pool. So a request thread is free while a check runs.
  std::promise<http::ApiResponse> answer;
  auto later = answer.get_future();
  http::ApiRequest request;
  request.method = "POST";
  request.path = "/api/v1/login";
  request.headers["content-type"] = "application/json";
  request.body = R"({"login":"ssc-ravi","password":"correct horse"})";
  request.remote = "192.0.2.1";
  const auto caller = std::this_thread::get_id();
  std::thread::id answered_on;
  h_.api().Handle(request, [&](http::ApiResponse r) {
    answered_on = std::this_thread::get_id();
    answer.set_value(std::move(r));
  });
  ASSERT_EQ(later.wait_for(std::chrono::seconds(10)), std::future_status::ready);
  EXPECT_EQ(later.get().status, 200);
  EXPECT_NE(answered_on, caller);
}

}  // namespace
}  // namespace tierdesk::testing
