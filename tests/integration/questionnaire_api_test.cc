// Questionnaires over the API: the core walks them, question by question, for a page that only
// shows what it is given; clients walk only those for them and see of the outcome only the fix;
// the answers sent with a request are kept with the ticket and its version.

#include "integration/api_fixture.h"

namespace tierdesk::testing {
namespace {

class HttpQuestionnaires : public ApiTest {
 protected:
  void SetUp() override {
    InitDatabase("002-application-maintenance.toml", {"l1-ola", "client:U-7"});
    Serve();
  }

  std::vector<std::string> Listed(const std::string& actor, const std::string& query) {
    auto r = Get(actor, "/api/v1/questionnaires" + query);
    EXPECT_EQ(r.status, 200) << r.body;
    const auto body = r.json();
    std::vector<std::string> ids;
    for (const auto& q : body["questionnaires"]) ids.push_back(q["id"]);
    return ids;
  }
};

TEST_F(HttpQuestionnaires, StaffAndClientsAreOfferedThoseForThem) {
  EXPECT_EQ(Listed("l1-ola", ""),
            (std::vector<std::string>{"sign-in", "navigation", "verification", "installation"}));
  EXPECT_EQ(Listed("client:U-7", "?category=incident&channel=web"),
            (std::vector<std::string>{"sign-in", "navigation", "installation"}));
  EXPECT_EQ(Listed("l1-ola", "?category=change_request"), std::vector<std::string>{});
  auto first = Get("l1-ola", "/api/v1/questionnaires").json()["questionnaires"][0]["first"];
  EXPECT_EQ(first["id"], "symptom");
  EXPECT_EQ(first["kind"], "choice");
  EXPECT_EQ(first["choices"].size(), 3u);
  auto bad = Get("l1-ola", "/api/v1/questionnaires?category=gossip");
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(bad.json()["error"]["field"], "category");
}

TEST_F(HttpQuestionnaires, AWalkSaysWhatToAskNextAndWhereTheAnswersLead) {
  auto step = Post("l1-ola", "/api/v1/questionnaires/sign-in/walk",
                   {{"answers", {{"symptom", "unknown_user"}}}});
  ASSERT_EQ(step.status, 200) << step.body;
  EXPECT_EQ(step.json()["next"]["id"], "new_account");
  EXPECT_EQ(step.json()["next"]["choices"][0]["label"], "Yes");
  EXPECT_FALSE(step.json()["complete"]);
  auto done = Post("l1-ola", "/api/v1/questionnaires/sign-in/walk",
                   {{"answers", {{"symptom", "unknown_user"}, {"new_account", "no"}}}});
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_TRUE(done.json()["next"].is_null());
  EXPECT_EQ(done.json()["outcome"]["route"], "L2");
  EXPECT_EQ(done.json()["outcome"]["impact"], "medium");
  // The client is shown the fix to try, not the desk's triage of their answers.
  auto seen = Post("client:U-7", "/api/v1/questionnaires/sign-in/walk",
                   {{"answers", {{"symptom", "unknown_user"}, {"new_account", "no"}}}});
  ASSERT_EQ(seen.status, 200) << seen.body;
  EXPECT_EQ(seen.json()["outcome"]["route"], "");
  EXPECT_TRUE(seen.json()["outcome"]["impact"].is_null());
  auto fix = Post("client:U-7", "/api/v1/questionnaires/sign-in/walk",
                  {{"answers", {{"symptom", "forgot_password"}}}});
  EXPECT_TRUE(fix.json()["outcome"]["resolve"]);
  EXPECT_NE(fix.json()["outcome"]["fix"], "");
  // A staff questionnaire is no client's; answers that do not fit are refused by name.
  EXPECT_EQ(
      Post("client:U-7", "/api/v1/questionnaires/verification/walk", {{"answers", {}}}).status,
      404);
  auto wrong = Post("l1-ola", "/api/v1/questionnaires/sign-in/walk",
                    {{"answers", {{"symptom", "locked"}, {"locked_since", "maybe"}}}});
  EXPECT_EQ(wrong.status, 422);
  EXPECT_EQ(wrong.json()["error"]["field"], "answers.locked_since");
  auto typed =
      Post("l1-ola", "/api/v1/questionnaires/sign-in/walk", {{"answers", {{"symptom", 3}}}});
  EXPECT_EQ(typed.status, 422);
  EXPECT_EQ(typed.json()["error"]["field"], "answers.symptom");
}

TEST_F(HttpQuestionnaires, AnswersSentWithARequestAreKeptWithTheTicket) {
  auto created = Post(
      "client:U-7", "/api/v1/tickets",
      {{"title", "Menu gone"},
       {"requester_email", "anna@client.example"},
       {"channel", "web"},
       {"questionnaire", "navigation"},
       {"answers", {{"module", "Invoices"}, {"visible_before", "yes"}, {"after_update", "yes"}}}});
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string ref = created.json()["id"];
  auto staff = Get("l1-ola", "/api/v1/tickets/" + ref).json();
  EXPECT_EQ(staff["tier"], "L2");
  EXPECT_EQ(staff["category"], "defect");
  ASSERT_EQ(staff["questionnaires"].size(), 1u);
  EXPECT_EQ(staff["questionnaires"][0]["version"], 1);
  EXPECT_EQ(staff["questionnaires"][0]["answers"].size(), 3u);
  EXPECT_EQ(Get("client:U-7", "/api/v1/tickets/" + ref).json()["questionnaires"].size(), 1u);
}

TEST_F(HttpQuestionnaires, AStaffQuestionnaireOnATicketStaysWithStaffAndSuggestsTheFix) {
  auto created = Post("l1-ola", "/api/v1/tickets",
                      {{"title", "Slow workstation"},
                       {"client_id", "U-7"},
                       {"requester_email", "anna@client.example"},
                       {"channel", "phone"}});
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string ref = created.json()["id"];
  auto walked =
      Post("l1-ola", "/api/v1/tickets/" + ref + "/questionnaire",
           {{"questionnaire", "verification"},
            {"answers", {{"client_version", "5.2"}, {"supported", "yes"}, {"memory", "4"}}}});
  ASSERT_EQ(walked.status, 200) << walked.body;
  auto staff = Get("l1-ola", "/api/v1/tickets/" + ref).json();
  ASSERT_EQ(staff["questionnaires"].size(), 1u);
  std::string suggested;
  for (const auto& action : staff["actions"])
    if (action["command"] == "resolve") suggested = action["suggested_fix"];
  EXPECT_NE(suggested.find("8 GB"), std::string::npos) << suggested;
  auto client = Get("client:U-7", "/api/v1/tickets/" + ref).json();
  EXPECT_EQ(client["questionnaires"].size(), 0u);
  auto timeline = Get("client:U-7", "/api/v1/tickets/" + ref + "/timeline").json();
  for (const auto& event : timeline["events"]) EXPECT_NE(event["type"], "questionnaire_answered");
}

}  // namespace
}  // namespace tierdesk::testing
