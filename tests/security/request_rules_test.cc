// Hardening, round 2: requests that were taken for more than they said (an idempotency key
// sent with another request, a dry run that wrote, a client choosing its own priority, two
// acknowledgements of one page). Each test failed on the code before its fix.
#include "security/api_security_fixture.h"

namespace tierdesk::testing {
namespace {

// 10. Keys were scoped to the caller and the command: the key of a create sent with a hand-off
// ran the hand-off. A key now names one request; sent with another, it is refused with 422 and
// nothing runs (the IETF Idempotency-Key draft).
TEST_F(ApiSecurity, AnIdempotencyKeySentWithAnotherRequestIsRefused) {
  const std::string ref = Open("C-1001");
  auto create = Post("client:C-1001", "/api/v1/tickets", Request("Printer jams"),
                     {{"idempotency-key", "k-1"}});
  ASSERT_EQ(create.status, 201) << create.body;
  auto note = Post("client:C-1001", "/api/v1/tickets/" + ref + "/note", {{"text", "hello"}},
                   {{"idempotency-key", "k-1"}});
  EXPECT_EQ(note.status, 422) << note.body;
  EXPECT_EQ(Lower(ErrorField(note)), "idempotency-key");
  EXPECT_THAT(note.body, HasSubstr("idempotency_key_reused"));
  // The same command with another body, under the key, is another request too.
  auto other = Post("client:C-1001", "/api/v1/tickets", Request("Scanner jams"),
                    {{"idempotency-key", "k-1"}});
  EXPECT_EQ(other.status, 422) << other.body;
  auto events = h_.store().Events(*core::ParseTicketRef(ref)).value();
  EXPECT_EQ(std::count_if(events.begin(), events.end(),
                          [](const core::Event& e) { return e.type == "note"; }),
            0);
  EXPECT_EQ(h_.store().ListTickets({}).value().size(), 2u);
  // The request itself, sent again, is still answered with its first result.
  auto again = Post("client:C-1001", "/api/v1/tickets", Request("Printer jams"),
                    {{"idempotency-key", "k-1"}});
  EXPECT_EQ(again.status, 201) << again.body;
  EXPECT_EQ(Header(again, "Idempotent-Replayed"), "true");
  EXPECT_EQ(Parse(again)["id"], Parse(create)["id"]);
}

// 9. `POST /api/v1/tickets?dry_run=true` opened a real ticket: the parameter was ignored.
TEST_F(ApiSecurity, ACreateRefusesParametersInsteadOfIgnoringThem) {
  for (const char* query : {"?dry_run=true", "?dryrun=1"}) {
    auto r = Post("psc-anil", std::string("/api/v1/tickets") + query,
                  Request("Only a preview", {{"client_id", "C-1001"}}));
    EXPECT_EQ(r.status, 422) << query << " " << r.body;
    EXPECT_EQ(ErrorField(r), std::string(query).substr(1, std::string(query).find('=') - 1));
  }
  EXPECT_TRUE(h_.store().ListTickets({}).value().empty());
  const std::string ref = Open("C-1001");
  auto r = Post("psc-anil", "/api/v1/tickets/" + ref + "/note?draft=yes", {{"text", "x"}});
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(ErrorField(r), "draft");
}

// 9. Two agents acknowledging one ticket at once both got 200, and the assignee silently became
// the second. The second now hears 409 and the first keeps it.
TEST_F(ApiSecurity, TheSecondOfTwoAcknowledgementsIsRefused) {
  const std::string ref = Open("C-1001");
  tokens_["psc-kavya"] = h_.Token("psc-kavya");
  auto first =
      Post("psc-anil", "/api/v1/tickets/" + ref + "/acknowledge", nlohmann::json::object());
  ASSERT_EQ(first.status, 200) << first.body;
  auto second =
      Post("psc-kavya", "/api/v1/tickets/" + ref + "/acknowledge", nlohmann::json::object());
  EXPECT_EQ(second.status, 409) << second.body;
  EXPECT_THAT(second.body, HasSubstr("psc-anil"));
  EXPECT_EQ(h_.store().Load(*core::ParseTicketRef(ref))->assignee, "psc-anil");
}

// 9. Checking a procedure draft told any staff member whether files beside the procedure exist
// and how large they are (the draft names holiday files). It is for administrators now.
TEST_F(ApiSecurity, OnlyAdministratorsCheckAProcedureDraft) {
  tokens_["psc-lead"] = h_.Token("psc-lead");  // an administrator in procedure 000
  auto agent = h_.As(tokens_["psc-anil"], "POST", "/api/v1/procedure/validate",
                     "[procedure]\nholidays = \"../../etc/passwd\"\n",
                     {{"content-type", "application/toml"}});
  EXPECT_EQ(agent.status, 403) << agent.body;
  // An administrator gets past the gate (this harness serves no procedure file to check).
  auto admin = h_.As(tokens_["psc-lead"], "POST", "/api/v1/procedure/validate", "[procedure]\n",
                     {{"content-type", "application/toml"}});
  EXPECT_EQ(admin.status, 409) << admin.body;
}

}  // namespace
}  // namespace tierdesk::testing
