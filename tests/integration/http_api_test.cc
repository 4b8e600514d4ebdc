// The real `tierdesk serve` on port 0 with a real SQLite file, driven over HTTP.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <thread>
#include <utility>
#include <variant>

#include "core/command.h"
#include "http/api/api.h"
#include "integration/api_fixture.h"
#include "integration/sse_client.h"
#include "integration/wait.h"
#include "test_support.h"

namespace tierdesk::testing {
namespace {

using ::testing::HasSubstr;

class HttpApi : public Seed000ApiTest {
 protected:
  void SetUp() override {
    InitSeed000(kLadderAndTwoClients);
    Serve();
  }
};

TEST_F(HttpApi, Seed000LadderEndToEnd) {
  const std::string id = CreateTicket();
  ASSERT_EQ(id, "TD-1");
  const std::string t = "/api/v1/tickets/" + id;

  auto handed =
      Post("psc-anil", t + "/handoff",
           {{"to", "L2"}, {"criterion", "needs_deeper_knowledge"}, {"tried", "Reproduced"}});
  ASSERT_EQ(handed.status, 200) << handed.body;
  EXPECT_EQ(handed.json()["tier"], "L2");
  EXPECT_EQ(handed.json()["page"]["person"], "ssc-ravi");

  ASSERT_EQ(Post("ssc-ravi", t + "/acknowledge", nlohmann::json::object()).status, 200);
  auto responded = Post("ssc-ravi", t + "/respond",
                        {{"status", "Working on it"},
                         {"next_update", "2099-01-01T10:00:00Z"},
                         {"findings", "Gateway client rejects a new field"}});
  ASSERT_EQ(responded.status, 200) << responded.body;
  EXPECT_EQ(responded.json()["last_status"], "Working on it");

  ASSERT_EQ(Post("ssc-ravi", t + "/handoff",
                 {{"to", "L3"}, {"criterion", "code_change"}, {"tried", "Server is healthy"}})
                .status,
            200);
  ASSERT_EQ(Post("dsc-arjun", t + "/acknowledge", nlohmann::json::object()).status, 200);
  auto resolved = Post("dsc-arjun", t + "/resolve",
                       {{"resolution", {{"summary", "Fixed"}, {"details", "Hotfix 3.8.1"}}}});
  ASSERT_EQ(resolved.status, 200) << resolved.body;
  EXPECT_EQ(resolved.json()["stage"], "awaiting_signoff");

  auto signed_off = Post("client:C-1001", t + "/sign_off", {{"comment", "works"}});
  ASSERT_EQ(signed_off.status, 200) << signed_off.body;
  EXPECT_EQ(signed_off.json()["stage"], "closed");

  auto view = Get("psc-anil", t);
  ASSERT_EQ(view.status, 200);
  std::vector<std::string> types;
  const auto timeline = view.json()["timeline"];
  for (const auto& e : timeline) types.push_back(e["type"]);
  EXPECT_THAT(types, ::testing::IsSupersetOf({"created", "handed_off", "paged", "acknowledged",
                                              "responded", "resolved", "signed_off", "closed"}));
}

// "This solved it": Level 1 resolves with the article that solved it (known_fix). The ticket
// keeps it in its resolution and its timeline says so; an article that is not a published one,
// or a reference that is not an article's, is refused naming the field.
class HttpKnownFix : public Seed000ApiTest {
 protected:
  void SetUp() override {
    InitSeed000({"psc-anil", "ssc-ravi", "ssc-lead", "client:C-1001"});
    Serve();
  }
};

TEST_F(HttpKnownFix, ResolvedAtLevelOneWithAKnownFix) {
  auto article = Post("ssc-ravi", "/api/v1/articles",
                      {{"title", "Checkout 500: clear the cache"}, {"body", "Clear the cache."}});
  ASSERT_EQ(article.status, 201) << article.body;
  const std::string kb = article.json()["id"];
  const std::string t = "/api/v1/tickets/" + CreateTicket();
  const nlohmann::json with_fix = {
      {"resolution",
       {{"summary", "Cleared the cache"}, {"details", "As KB says"}, {"known_fix", kb}}}};

  auto draft = Post("psc-anil", t + "/resolve", with_fix);
  EXPECT_EQ(draft.status, 422) << draft.body;
  EXPECT_EQ(draft.json()["error"]["field"], "resolution.known_fix");
  ASSERT_EQ(Post("ssc-ravi", "/api/v1/articles/" + kb + "/submit", nlohmann::json::object()).status,
            200);
  ASSERT_EQ(
      Post("ssc-lead", "/api/v1/articles/" + kb + "/publish", nlohmann::json::object()).status,
      200);
  nlohmann::json not_an_article = with_fix;
  not_an_article["resolution"]["known_fix"] = "TD-1";
  auto bad = Post("psc-anil", t + "/resolve", not_an_article);
  EXPECT_EQ(bad.status, 422) << bad.body;
  EXPECT_EQ(bad.json()["error"]["field"], "resolution.known_fix");

  auto resolved = Post("psc-anil", t + "/resolve", with_fix);
  ASSERT_EQ(resolved.status, 200) << resolved.body;
  EXPECT_EQ(resolved.json()["resolution"]["known_fix"], kb);
  EXPECT_EQ(resolved.json()["tier"], "L1");
  // Counted for the article, for staff reading it.
  EXPECT_EQ(Get("ssc-ravi", "/api/v1/articles/" + kb).json()["solved_tickets"], 1);
  // The client reads the resolution but not the known fix (an internal article's reference
  // would tell them it exists), in the ticket and in its timeline.
  const nlohmann::json theirs = Get("client:C-1001", t).json();
  EXPECT_EQ(theirs["resolution"]["summary"], "Cleared the cache");
  EXPECT_FALSE(theirs["resolution"].contains("known_fix")) << theirs["resolution"].dump();
  for (const auto& e : theirs["timeline"]) EXPECT_FALSE(e.contains("known_fix")) << e.dump();
  const nlohmann::json timeline = Get("psc-anil", t).json()["timeline"];
  bool said = false;
  for (const auto& e : timeline)
    said = said || (e["type"] == "resolved" && e.value("known_fix", "") == kb);
  EXPECT_TRUE(said) << timeline.dump();
}

// Staff search every ticket, open or closed, by its words (?q=): title, description and
// resolution, best first, each with its passage; clients are refused, as is q with a filter.
TEST_F(HttpKnownFix, StaffSearchTicketsByTheirWords) {
  const std::string first = CreateTicket();
  auto created = Post("psc-anil", "/api/v1/tickets",
                      {{"title", "VPN tunnel drops hourly"},
                       {"description", "The checkout page times out behind the tunnel"},
                       {"client_id", "C-1001"},
                       {"requester_email", "ganesh@client.example"},
                       {"channel", "phone"}});
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string second = created.json()["id"];
  ASSERT_EQ(Post("psc-anil", "/api/v1/tickets/" + first + "/resolve",
                 {{"resolution", {{"summary", "Flushed the varnish cache"}, {"details", "Done"}}}})
                .status,
            200);
  auto ids = [&](const std::string& query) {
    auto r = Get("psc-anil", "/api/v1/tickets?" + query);
    EXPECT_EQ(r.status, 200) << r.body;
    std::vector<std::string> out;
    const nlohmann::json body = r.json();  // not a temporary's innards
    for (const auto& t : body["tickets"]) out.push_back(t["id"]);
    return out;
  };
  EXPECT_EQ(ids("q=checkout"), (std::vector<std::string>{first, second}));  // title, then text
  EXPECT_EQ(ids("q=varnish"), std::vector<std::string>{first});             // its resolution
  EXPECT_EQ(ids("q=tunnel%20drops"), std::vector<std::string>{second});
  EXPECT_EQ(ids("q=checkout&limit=1").size(), 1u);
  EXPECT_TRUE(ids("q=%22%20OR%20*%20NEAR(").empty());

  const nlohmann::json found = Get("psc-anil", "/api/v1/tickets?q=varnish").json()["tickets"][0];
  EXPECT_EQ(found["stage"], "awaiting_signoff");
  bool marked = false;
  for (const auto& run : found["snippet"])
    marked = marked || (run["hit"] && run["text"] == "varnish");
  EXPECT_TRUE(marked) << found.dump();

  auto client = Get("client:C-1001", "/api/v1/tickets?q=checkout");
  EXPECT_EQ(client.status, 403) << client.body;
  EXPECT_EQ(client.json()["error"]["field"], "q");
  auto filtered = Get("psc-anil", "/api/v1/tickets?q=checkout&tier=L1");
  EXPECT_EQ(filtered.status, 422) << filtered.body;
  EXPECT_EQ(filtered.json()["error"]["field"], "q");
  auto many = Get("psc-anil", "/api/v1/tickets?q=checkout&limit=51");
  EXPECT_EQ(many.status, 422) << many.body;
  EXPECT_EQ(many.json()["error"]["field"], "limit");
}

// An asset's page (product information): staff read who supports it, in paging order with the
// seed's roles; a client reads its name and none of the desk's own people or forum.
TEST_F(HttpKnownFix, AnAssetsPageTellsStaffWhoSupportsIt) {
  auto staff = Get("psc-anil", "/api/v1/assets/server:web-01");
  ASSERT_EQ(staff.status, 200) << staff.body;
  const nlohmann::json asset = staff.json();
  EXPECT_EQ(asset["name"], "Client web server web-01");
  EXPECT_EQ(asset["forum"], "Server Support/web-01");
  ASSERT_EQ(asset["contacts"].size(), 3u) << asset.dump();
  EXPECT_EQ(asset["contacts"][0]["role"], "primary");
  EXPECT_EQ(asset["contacts"][0]["name"], "Ravi Shankar");
  EXPECT_EQ(asset["contacts"][0]["phone"], "+91 44 4000 2001");
  EXPECT_EQ(asset["contacts"][0]["ack_window"], "5m");
  EXPECT_EQ(asset["contacts"][1]["role"], "secondary");
  EXPECT_EQ(asset["contacts"][2]["role"], "team_leader");
  EXPECT_EQ(asset["contacts"][2]["person"], "ssc-lead");

  auto client = Get("client:C-1001", "/api/v1/assets/server:web-01");
  ASSERT_EQ(client.status, 200) << client.body;
  EXPECT_EQ(client.json()["name"], "Client web server web-01");
  EXPECT_TRUE(client.json()["contacts"].empty()) << client.body;
  EXPECT_FALSE(client.json().contains("forum")) << client.body;

  // As a page's address names it, the colon escaped.
  auto escaped = Get("client:C-1001", "/api/v1/assets/server%3Aweb-01");
  ASSERT_EQ(escaped.status, 200) << escaped.body;
  EXPECT_EQ(escaped.json()["id"], "web-01");
  EXPECT_EQ(Get("psc-anil", "/api/v1/assets/%ff%fe").status, 404);

  auto unknown = Get("psc-anil", "/api/v1/assets/server:nope");
  EXPECT_EQ(unknown.status, 404) << unknown.body;
  EXPECT_EQ(unknown.json()["error"]["field"], "key");
}

// What staff may put before a ticket's client (readable_by): the articles that client reads, as
// the client finds them; an internal article never, whatever staff themselves read.
TEST_F(HttpKnownFix, ArticlesReadableByATicketsClient) {
  auto publish = [&](const nlohmann::json& article) {
    auto created = Post("ssc-ravi", "/api/v1/articles", article);
    EXPECT_EQ(created.status, 201) << created.body;
    const std::string id = created.json()["id"];
    EXPECT_EQ(
        Post("ssc-ravi", "/api/v1/articles/" + id + "/submit", nlohmann::json::object()).status,
        200);
    EXPECT_EQ(
        Post("ssc-lead", "/api/v1/articles/" + id + "/publish", nlohmann::json::object()).status,
        200);
    return id;
  };
  const std::string open = publish({{"title", "Checkout cache: clear it"},
                                    {"body", "Clear the checkout cache."},
                                    {"visibility", {{"audience", "all_clients"}}}});
  const std::string internal = publish({{"title", "Checkout cache internals"},
                                        {"body", "The checkout cache lives on db-01."},
                                        {"visibility", {{"audience", "internal"}}}});
  const std::string t = CreateTicket();
  auto found = [&](const std::string& query) {
    auto r = Get("psc-anil", "/api/v1/articles?" + query);
    EXPECT_EQ(r.status, 200) << r.body;
    std::set<std::string> ids;
    const nlohmann::json body = r.json();
    for (const auto& a : body["articles"]) ids.insert(a["id"].get<std::string>());
    return ids;
  };
  EXPECT_EQ(found("q=checkout%20cache&readable_by=" + t), std::set<std::string>{open});
  EXPECT_EQ(found("readable_by=" + t), std::set<std::string>{open});
  EXPECT_EQ(found("q=checkout%20cache&status=published"), (std::set<std::string>{open, internal}));

  auto client = Get("client:C-1001", "/api/v1/articles?readable_by=" + t);
  EXPECT_EQ(client.status, 403) << client.body;
  auto with_status = Get("psc-anil", "/api/v1/articles?readable_by=" + t + "&status=published");
  EXPECT_EQ(with_status.status, 422) << with_status.body;
  EXPECT_EQ(with_status.json()["error"]["field"], "readable_by");
  auto no_ticket = Get("psc-anil", "/api/v1/articles?readable_by=TD-999");
  EXPECT_EQ(no_ticket.status, 422) << no_ticket.body;
  EXPECT_EQ(no_ticket.json()["error"]["field"], "readable_by");
  // The procedure's saved replies, for the forms.
  const nlohmann::json procedure = Get("psc-anil", "/api/v1/procedure").json();
  ASSERT_EQ(procedure["saved_replies"].size(), 2u);
  EXPECT_EQ(procedure["saved_replies"][0]["id"], "restarted");
}

TEST_F(HttpApi, ForumAndBreachingSoonViews) {
  CreateTicket();
  CreateTicket();
  ASSERT_EQ(Post("psc-anil", "/api/v1/tickets/TD-2/handoff",
                 {{"to", "L2"}, {"criterion", "needs_deeper_knowledge"}, {"tried", "x"}})
                .status,
            200);
  auto forum = Get("psc-anil", "/api/v1/tickets?asset=server:web-01").json();
  EXPECT_EQ(forum["tickets"].size(), 2u);
  auto soon = Get("psc-anil", "/api/v1/tickets?breaching_within=10m").json();
  ASSERT_EQ(soon["tickets"].size(), 1u) << soon.dump();  // TD-2's page must be answered in 5m
  EXPECT_EQ(soon["tickets"][0]["id"], "TD-2");
  EXPECT_EQ(soon["tickets"][0]["clock"], "ack");
  EXPECT_EQ(Get("psc-anil", "/api/v1/tickets?breaching_within=1h").json()["tickets"].size(), 2u);
  EXPECT_EQ(Get("client:C-1001", "/api/v1/tickets?breaching_within=1h").status, 403);
  EXPECT_EQ(Get("psc-anil", "/api/v1/tickets?breaching_within=1h&tier=L1").status, 422);
  EXPECT_EQ(Get("psc-anil", "/api/v1/tickets?asset=server:nope").status, 422);
}

TEST_F(HttpApi, IdempotentRetryCreatesOneTicket) {
  const nlohmann::json body = {
      {"title", "Printer"}, {"client_id", "C-1001"}, {"caller_phone", "1"}};
  auto first = Post("psc-anil", "/api/v1/tickets", body, {"Idempotency-Key: call-42"});
  auto again = Post("psc-anil", "/api/v1/tickets", body, {"Idempotency-Key: call-42"});
  ASSERT_EQ(first.status, 201);
  ASSERT_EQ(again.status, 201);
  EXPECT_EQ(first.json()["id"], again.json()["id"]);
  EXPECT_THAT(again.headers, ::testing::Contains(HasSubstr("Idempotent-Replayed: true")));
  EXPECT_EQ(Get("psc-anil", "/api/v1/tickets").json()["tickets"].size(), 1u);
}

// Two agents open the same ticket; the first one's change makes the second's view outdated.
// With If-Match the second change is refused rather than applied on top of what they never saw.
TEST_F(HttpApi, AWriteOnAnOutdatedVersionIsRefusedWithIfMatch) {
  const std::string t = "/api/v1/tickets/" + CreateTicket();
  auto header = [](const HttpResult& r, const std::string& name) -> std::string {
    for (const std::string& h : r.headers)
      if (h.rfind(name + ": ", 0) == 0)
        return h.substr(name.size() + 2, h.find_last_not_of("\r\n") + 1 - name.size() - 2);
    return "";
  };
  auto seen = Get("psc-anil", t);
  ASSERT_EQ(seen.status, 200);
  const std::string etag = header(seen, "ETag");
  EXPECT_EQ(etag, "\"" + std::to_string(seen.json()["version"].get<int64_t>()) + "\"");
  const std::string if_match = "If-Match: " + etag;

  auto first = Post("psc-anil", t + "/note", {{"text", "Called the client back"}}, {if_match});
  ASSERT_EQ(first.status, 200) << first.body;
  const std::string next = header(first, "ETag");
  EXPECT_NE(next, etag);
  EXPECT_EQ(next, "\"" + std::to_string(first.json()["version"].get<int64_t>()) + "\"");

  // The same outdated view again: refused, naming If-Match, in a dry run as for real.
  const nlohmann::json handoff = {
      {"to", "L2"}, {"criterion", "needs_deeper_knowledge"}, {"tried", "Reproduced"}};
  auto stale = Post("psc-anil", t + "/handoff", handoff, {if_match});
  EXPECT_EQ(stale.status, 409) << stale.body;
  EXPECT_EQ(stale.json()["error"]["field"], "If-Match");
  EXPECT_EQ(stale.json()["error"]["code"], "version_mismatch");
  auto stale_preview = Post("psc-anil", t + "/handoff?dry_run=true", handoff, {if_match});
  EXPECT_EQ(stale_preview.status, 409) << stale_preview.body;
  EXPECT_EQ(stale_preview.json()["error"]["field"], "If-Match");
  auto now = Get("psc-anil", t);
  EXPECT_EQ(now.json()["tier"], "L1");  // nothing was written
  EXPECT_EQ(header(now, "ETag"), next);

  // A retry of a write that was applied returns its first result, whatever the version now.
  auto keyed =
      Post("psc-anil", t + "/note", {{"text", "x"}}, {"If-Match: " + next, "Idempotency-Key: n1"});
  ASSERT_EQ(keyed.status, 200) << keyed.body;
  auto retried =
      Post("psc-anil", t + "/note", {{"text", "x"}}, {"If-Match: " + next, "Idempotency-Key: n1"});
  EXPECT_EQ(retried.status, 200) << retried.body;

  // A list naming the current version among others, "*", or no header at all: applied.
  const std::string current = header(keyed, "ETag");
  EXPECT_EQ(Post("psc-anil", t + "/handoff", handoff, {"If-Match: \"1\" , " + current}).status,
            200);
  EXPECT_EQ(Post("ssc-ravi", t + "/acknowledge", nlohmann::json::object(), {"If-Match: *"}).status,
            200);
  // Tags that can never match (weak ones compare strongly, "007" is not a tag this API gives):
  // the precondition fails. A value that is not a list of tags is a bad request.
  const std::string now_tag = header(Get("ssc-ravi", t), "ETag");
  const std::string digits = now_tag.substr(1, now_tag.size() - 2);
  for (const std::string& never : {"W/" + now_tag, "\"00" + digits + "\"", std::string("\"x\"")}) {
    auto refused = Post("ssc-ravi", t + "/note", {{"text", "x"}}, {"If-Match: " + never});
    EXPECT_EQ(refused.status, 409) << never;
    EXPECT_EQ(refused.json()["error"]["code"], "version_mismatch") << never;
  }
  for (const char* bad : {"If-Match: 7", "If-Match: \"7", "If-Match: *, \"7\"",
                          "If-Match: \"7\" \"8\"", "If-Match: ,"}) {
    auto refused = Post("ssc-ravi", t + "/note", {{"text", "x"}}, {bad});
    EXPECT_EQ(refused.status, 400) << bad;
    EXPECT_EQ(refused.json()["error"]["field"], "If-Match") << bad;
  }
  // Clients are not shown the version (it counts staff-only notes) nor may condition on it.
  auto mine = Get("client:C-1001", t);
  ASSERT_EQ(mine.status, 200);
  EXPECT_EQ(header(mine, "ETag"), "");
  EXPECT_FALSE(mine.json().contains("version"));
  auto conditioned = Post("client:C-1001", t + "/note", {{"text", "x"}}, {"If-Match: " + now_tag});
  EXPECT_EQ(conditioned.status, 403);
  EXPECT_EQ(conditioned.json()["error"]["field"], "If-Match");
}

TEST_F(HttpApi, ClientsSeeAndTouchOnlyTheirOwnTickets) {
  const std::string mine = CreateTicket("C-1001");
  const std::string theirs = CreateTicket("C-2002");
  // Listing is scoped to the client.
  auto list = Get("client:C-1001", "/api/v1/tickets");
  ASSERT_EQ(list.status, 200);
  ASSERT_EQ(list.json()["tickets"].size(), 1u);
  EXPECT_EQ(list.json()["tickets"][0]["id"], mine);
  // Another client's ticket does not exist for them, whatever they try.
  EXPECT_EQ(Get("client:C-1001", "/api/v1/tickets/" + theirs).status, 404);
  EXPECT_EQ(Post("client:C-1001", "/api/v1/tickets/" + theirs + "/note", {{"text", "hi"}}).status,
            404);
  // Staff commands are not for clients, even on their own tickets.
  EXPECT_EQ(Post("client:C-1001", "/api/v1/tickets/" + mine + "/handoff", {{"to", "L2"}}).status,
            403);
  // A client opens requests only for themselves; client_id defaults to theirs.
  EXPECT_EQ(Post("client:C-1001", "/api/v1/tickets",
                 {{"title", "x"}, {"client_id", "C-2002"}, {"caller_phone", "1"}})
                .status,
            403);
  auto own = Post("client:C-1001", "/api/v1/tickets", {{"title", "VPN"}, {"caller_phone", "1"}});
  ASSERT_EQ(own.status, 201) << own.body;
  EXPECT_EQ(own.json()["client_id"], "C-1001");
  // Clients do not see staff-only history or clocks.
  const auto view = Get("client:C-1001", "/api/v1/tickets/" + mine).json();
  EXPECT_FALSE(view.contains("clocks"));
  ASSERT_FALSE(view["timeline"].empty());
  for (const auto& e : view["timeline"]) EXPECT_NE(e["type"], "clock_started");
}

// Level 1 completes a request taken by phone: each field with its value before, in the staff's
// timeline only; a misspelt field is refused by name, and a client amends nothing.
TEST_F(HttpApi, StaffCompleteOrCorrectIntakeFieldsAndTheTimelineKeepsTheOldValues) {
  const std::string ref = CreateTicket("C-1001");
  const std::string path = "/api/v1/tickets/" + ref + "/amend";
  auto amended = Post(
      "psc-anil", path,
      {{"fields", {{"room", "204"}, {"first_time", false}}}, {"reason", "the caller called back"}});
  ASSERT_EQ(amended.status, 200) << amended.body;
  const auto ticket = amended.json();
  EXPECT_EQ(ticket["registration"]["room"], "204");
  EXPECT_EQ(ticket["registration"]["first_time"], false);
  const auto& event = ticket["events"][0];
  EXPECT_EQ(event["type"], "amended");
  EXPECT_EQ(event["fields"], "first_time, room");  // in the order sent (the body is sorted)
  EXPECT_EQ(event["room_before"], "");
  EXPECT_EQ(event["first_time"], "no");
  auto misspelt = Post("psc-anil", path, {{"fields", {{"colour", "red"}}}});
  EXPECT_EQ(misspelt.status, 422);
  EXPECT_EQ(misspelt.json()["error"]["field"], "fields.colour");
  auto typed = Post("psc-anil", path, {{"fields", {{"first_time", "maybe"}}}});
  EXPECT_EQ(typed.status, 422);
  EXPECT_EQ(typed.json()["error"]["field"], "fields.first_time");
  EXPECT_EQ(Post("client:C-1001", path, {{"fields", {{"room", "12"}}}}).status, 403);
  for (const auto& e : Get("client:C-1001", "/api/v1/tickets/" + ref).json()["timeline"])
    EXPECT_NE(e["type"], "amended");
}

// Staff change a priority factor; the core works the priority out again. A body that names no
// factor, or a factor of the wrong kind, is refused by the field's name; a client triages nothing.
TEST_F(HttpApi, ATriageReEvaluatesThePriorityAndRefusesWhatIsNotAFactor) {
  const std::string ref = CreateTicket("C-1001");
  const std::string path = "/api/v1/tickets/" + ref + "/triage";
  const std::pair<nlohmann::json, std::string> wrong[] = {
      {nlohmann::json::object(), "impact"},
      {{{"impact", "urgent"}}, "impact"},
      {{{"service_down", "yes"}}, "service_down"},
      {{{"people_affected", -1}}, "people_affected"},
      {{{"people_affected", 2.5}}, "people_affected"},
      {{{"colour", "red"}}, "colour"},
  };
  for (const auto& [body, field] : wrong) {
    auto r = Post("psc-anil", path, body);
    EXPECT_EQ(r.status, 422) << body.dump() << r.body;
    EXPECT_EQ(r.json()["error"]["field"], field) << body.dump();
  }
  EXPECT_EQ(Post("client:C-1001", path, {{"service_down", true}}).status, 403);
  auto raised = Post("psc-anil", path, {{"service_down", true}, {"reason", "db-01 is down"}});
  ASSERT_EQ(raised.status, 200) << raised.body;
  const auto ticket = raised.json();
  EXPECT_EQ(ticket["priority_factors"]["service_down"], true);
  EXPECT_EQ(ticket["events"][0]["type"], "triaged");
  // What the client is shown: the new priority and why, never the factors or the triage.
  const auto seen = Get("client:C-1001", "/api/v1/tickets/" + ref).json();
  EXPECT_FALSE(seen.contains("priority_factors"));
  for (const auto& e : seen["timeline"]) EXPECT_NE(e["type"], "triaged");
}

// The forms learn what the core will ask of a request by channel: seed 001's telephone rules,
// for staff and for clients (the portal marks what the web channel requires).
class HttpIntake : public ApiTest {};

TEST_F(HttpIntake, TheRulesPerChannelAreReadByStaffAndClients) {
  InitDatabase("001-customer-support.toml", {"cs-asha", "client:U-1"});
  Serve();
  for (const char* who : {"cs-asha", "client:U-1"}) {
    auto rules = Get(who, "/api/v1/intake");
    ASSERT_EQ(rules.status, 200) << who << rules.body;
    const auto body = rules.json();
    EXPECT_EQ(body["fields"].size(), 18u);
    EXPECT_EQ(body["fields"][0]["label"], "Title");
    EXPECT_EQ(body["required"]["phone"],
              nlohmann::json::array({"occurred_at", "caller_name", "caller_phone", "requester_name",
                                     "module", "description"}));
    EXPECT_FALSE(body["required"].contains("email"));
  }
}

TEST_F(HttpApi, EveryAcknowledgedCreateSurvivesAKill) {
  // Clients create tickets as fast as they can; the server is killed mid-stream. Every ticket
  // whose 201 reached a client must be there after the restart.
  std::mutex mu;
  std::vector<std::string> acknowledged;
  std::atomic<bool> stop{false};
  std::vector<std::thread> clients;
  for (int c = 0; c < 4; ++c)
    clients.emplace_back([&, c] {
      for (int i = 0; !stop; ++i) {
        auto r =
            Request("POST", server_->Url("/api/v1/tickets"), tokens_["psc-anil"],
                    nlohmann::json{{"title", "load " + std::to_string(c) + "-" + std::to_string(i)},
                                   {"client_id", "C-1"},
                                   {"caller_phone", "1"}}
                        .dump());
        if (r.status == 201) {
          std::lock_guard lock(mu);
          acknowledged.push_back(r.json()["id"]);
        }
      }
    });
  const bool enough = WaitUntil([&] {
    std::lock_guard lock(mu);
    return acknowledged.size() >= 200;
  });
  server_->Kill();
  stop = true;
  for (auto& t : clients) t.join();
  ASSERT_TRUE(enough) << acknowledged.size() << " tickets acknowledged";

  ASSERT_NO_FATAL_FAILURE(Serve());
  for (const auto& id : acknowledged)
    ASSERT_EQ(Get("psc-anil", "/api/v1/tickets/" + id).status, 200) << id << " was acknowledged";
  // Nothing half-written either: every ticket has its creation event.
  auto all = Get("psc-anil", "/api/v1/tickets?limit=200&open=false").json();
  ASSERT_FALSE(all["tickets"].empty());
  auto first =
      Get("psc-anil", "/api/v1/tickets/" + all["tickets"][0]["id"].get<std::string>()).json();
  EXPECT_EQ(first["timeline"][0]["type"], "created");
}

TEST_F(HttpApi, ReadOnlyTokensOnlyRead) {
  CreateTicket();
  const std::string reader =
      RunTierdesk({"token", "create", "--db", db_, "--actor", "ssc-lead", "--read-only"});
  EXPECT_EQ(Request("GET", server_->Url("/api/v1/tickets/TD-1"), reader).status, 200);
  auto refused =
      Request("POST", server_->Url("/api/v1/tickets/TD-1/note"), reader, R"({"text":"x"})");
  EXPECT_EQ(refused.status, 403);
  EXPECT_THAT(refused.body, HasSubstr("read-only"));
}

TEST_F(HttpApi, CredentialsAreRequiredAndRevocable) {
  EXPECT_EQ(Request("GET", server_->Url("/api/v1/tickets")).status, 401);
  EXPECT_EQ(Request("GET", server_->Url("/api/v1/tickets"), "td_nope_nope").status, 401);
  // The token's id is the secret's middle part: td_<id>_<random>.
  auto id_of = [&](const std::string& who) {
    const std::string& secret = tokens_[who];
    return secret.substr(3, secret.find('_', 3) - 3);
  };
  // Used (so the server has it cached), then revoked by another process: refused once the
  // credential cache's bound (1 s) has passed.
  ASSERT_EQ(Get("psc-anil", "/api/v1/tickets").status, 200);
  RunTierdesk({"token", "revoke", "--db", db_, id_of("psc-anil")});
  const auto revoked_at = std::chrono::steady_clock::now();
  ASSERT_TRUE(WaitUntil([&] { return Get("psc-anil", "/api/v1/tickets").status == 401; }));
  // The bound is the cache's 1 s; the rest is room for a slow machine's requests.
  EXPECT_LT(std::chrono::steady_clock::now() - revoked_at, std::chrono::milliseconds(2500));
  // Revoked through this server: refused from the very next request.
  ASSERT_EQ(Get("ssc-ravi", "/api/v1/tickets").status, 200);
  ASSERT_EQ(
      Post("ssc-ravi", "/api/v1/tokens/" + id_of("ssc-ravi") + "/revoke", nlohmann::json::object())
          .status,
      200);
  EXPECT_EQ(Get("ssc-ravi", "/api/v1/tickets").status, 401);
}

TEST_F(HttpApi, BusyCallersAreToldToSlowDown) {
  server_.reset();
  ServerProcess server(db_, {"--rate-limit", "5"});
  int limited = 0;
  HttpResult last;
  for (int i = 0; i < 30; ++i) {
    auto r = Request("GET", server.Url("/api/v1/tickets"), tokens_["psc-anil"]);
    if (r.status == 429) {
      ++limited;
      last = r;
    }
  }
  EXPECT_GE(limited, 15);  // a burst of 10, then 5 a second
  EXPECT_EQ(last.json()["error"]["code"], "rate_limited");
  EXPECT_THAT(last.headers, ::testing::Contains(HasSubstr("Retry-After:")));
  // Another caller is not held back by the busy one.
  EXPECT_EQ(Request("GET", server.Url("/api/v1/tickets"), tokens_["ssc-ravi"]).status, 200);
}

// The session cookie ("td_session=...") a login response sets, or empty.
std::string SessionCookie(const HttpResult& r) {
  for (const auto& h : r.headers)
    if (h.rfind("Set-Cookie: td_session=", 0) == 0) return h.substr(12, h.find(';') - 12);
  return {};
}

TEST_F(HttpApi, BrowserSessionsWithPasswordsAndCsrf) {
  const std::string set_password = std::string("echo 'correct horse battery' | ") +
                                   TIERDESK_BINARY + " account set-password --db " + db_ +
                                   " --login ssc-ravi";
  ASSERT_EQ(std::system(set_password.c_str()), 0);
  auto login = [&](const std::string& who, const std::string& password) {
    return Request("POST", server_->Url("/api/v1/login"), "",
                   nlohmann::json{{"login", who}, {"password", password}}.dump());
  };
  auto wrong = login("ssc-ravi", "wrong password");
  auto nobody = login("nobody", "correct horse battery");
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(nobody.status, 401);
  EXPECT_EQ(wrong.json()["error"]["message"], nobody.json()["error"]["message"]);

  auto ok = login("ssc-ravi", "correct horse battery");
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_THAT(ok.headers, ::testing::Contains(::testing::AllOf(HasSubstr("Set-Cookie: td_session="),
                                                               HasSubstr("HttpOnly"),
                                                               HasSubstr("SameSite=Strict"))));
  const std::string cookie = "Cookie: " + SessionCookie(ok);
  const std::string csrf = ok.json()["csrf_token"];
  EXPECT_EQ(Request("GET", server_->Url("/api/v1/tickets"), "", "", {cookie}).status, 200);

  const std::string body = R"({"title":"Disk full","client_id":"C-1","caller_phone":"1"})";
  auto forged = Request("POST", server_->Url("/api/v1/tickets"), "", body, {cookie});
  EXPECT_EQ(forged.status, 403);
  EXPECT_EQ(forged.json()["error"]["code"], "csrf");
  auto created =
      Request("POST", server_->Url("/api/v1/tickets"), "", body, {cookie, "X-CSRF-Token: " + csrf});
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.json()["timeline"].is_null(), true);
  EXPECT_EQ(created.json()["events"][0]["actor"], "ssc-ravi");

  ASSERT_EQ(
      Request("POST", server_->Url("/api/v1/logout"), "", "", {cookie, "X-CSRF-Token: " + csrf})
          .status,
      200);
  EXPECT_EQ(Request("GET", server_->Url("/api/v1/tickets"), "", "", {cookie}).status, 401);
}

// Counts the events of `type` (with clock=`clock` when given) in a ticket's timeline.
int CountEvents(const nlohmann::json& ticket, const std::string& type,
                const std::string& clock = {}) {
  int n = 0;
  for (const auto& e : ticket["timeline"])
    if (e["type"] == type && (clock.empty() || e.value("clock", "") == clock)) ++n;
  return n;
}

TEST_F(HttpApi, RunningDeadlinesFireAfterARestartExactlyOnce) {
  server_.reset();  // this test runs its own sandbox servers on a virtual clock
  const std::string t0 = "2026-01-05T10:00:00Z";
  {
    ServerProcess server(db_, {"--simulate-from", t0});
    auto created = Request("POST", server.Url("/api/v1/tickets"), tokens_["psc-anil"],
                           R"({"title":"Mail down","client_id":"C-1001","caller_phone":"1"})");
    ASSERT_EQ(created.status, 201) << created.body;
  }  // stopped with 14 minutes left on the hand-off clock
  {
    ServerProcess server(db_, {"--simulate-from", "2026-01-05T10:01:00Z"});
    auto moved = Request("POST", server.Url("/api/v1/clock"), tokens_["psc-anil"],
                         R"({"to":"2026-01-05T10:16:00Z"})");
    ASSERT_EQ(moved.status, 200) << moved.body;
    auto ticket = Request("GET", server.Url("/api/v1/tickets/TD-1"), tokens_["psc-anil"]).json();
    EXPECT_EQ(CountEvents(ticket, "clock_breached", "handoff"), 1);
    EXPECT_EQ(CountEvents(ticket, "team_leader_notified"), 1);
  }
  {
    ServerProcess server(db_, {"--simulate-from", "2026-01-05T10:20:00Z"});
    ASSERT_EQ(
        Request("POST", server.Url("/api/v1/clock"), tokens_["psc-anil"], R"({"advance":"2h"})")
            .status,
        200);
    auto ticket = Request("GET", server.Url("/api/v1/tickets/TD-1"), tokens_["psc-anil"]).json();
    EXPECT_EQ(CountEvents(ticket, "clock_breached", "handoff"), 1);
  }
}

TEST_F(HttpApi, OnlyASandboxClockMoves) {
  auto r = Post("psc-anil", "/api/v1/clock", {{"advance", "1h"}});
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(Get("psc-anil", "/api/v1/clock").json()["simulated"], false);
}

// Every alternative of core::CommandBody by its wire name, except those no HTTP caller sends.
template <size_t... I>
std::vector<std::string> CommandNames(std::index_sequence<I...>) {
  return {core::CommandName(core::CommandBody(std::in_place_index<I>))...};
}

TEST_F(HttpApi, OpenApiDocumentMatchesTheServedRoutes) {
  CreateTicket();
  auto doc_response = Request("GET", server_->Url("/api/openapi.json"));
  ASSERT_EQ(doc_response.status, 200);
  const auto doc = doc_response.json();
  ASSERT_EQ(doc["openapi"], "3.1.0");
  const auto& paths = doc["paths"];

  // Every ladder command the core knows has its own documented path.
  for (const auto& name :
       CommandNames(std::make_index_sequence<std::variant_size_v<core::CommandBody>>())) {
    if (!core::IsTicketCommand(*core::ParseCommandKind(name))) continue;  // create, the engine's
    EXPECT_TRUE(paths.contains("/api/v1/tickets/{ref}/" + name)) << name;
  }
  // Every documented operation is served, and answers with a status it documents.
  for (const auto& [path, operations] : paths.items()) {
    std::string url = path;
    if (auto at = url.find("{ref}"); at != std::string::npos) url.replace(at, 5, "TD-1");
    for (const auto& [method, operation] : operations.items()) {
      if (method == "parameters") continue;  // shared by the path's operations, not one
      std::string upper = method;
      std::transform(upper.begin(), upper.end(), upper.begin(), ::toupper);
      const auto ok = operation["responses"].value("200", nlohmann::json::object());
      if (ok.value("content", nlohmann::json::object()).contains("text/event-stream")) {
        // An event stream stays open: its status line is the answer.
        SseClient stream(server_->port(), url, {"Authorization: Bearer " + tokens_["psc-anil"]});
        EXPECT_TRUE(WaitUntil([&] { return stream.status() != 0; })) << path;
        EXPECT_EQ(stream.status(), 200) << path;
        continue;
      }
      auto r = Request(upper, server_->Url(url), tokens_["psc-anil"], upper == "POST" ? "{}" : "");
      EXPECT_NE(r.status, 405) << upper << " " << path;
      EXPECT_THAT(r.body, ::testing::Not(HasSubstr("no such route"))) << upper << " " << path;
      EXPECT_TRUE(operation["responses"].contains(std::to_string(r.status)))
          << upper << " " << path << " answered " << r.status << " " << r.body;
    }
  }
  // The route table and the document name the same operations, both ways.
  std::set<std::string> documented, routed;
  for (const auto& [path, operations] : paths.items())
    for (const auto& [method, operation] : operations.items()) {
      if (method == "parameters") continue;
      std::string upper = method;
      std::transform(upper.begin(), upper.end(), upper.begin(), ::toupper);
      documented.insert(upper + " " + path);
    }
  for (const http::RouteInfo& route : http::Api::Routes())
    routed.insert(std::string(route.method) + " " + std::string(route.pattern));
  std::vector<std::string> undocumented, unrouted;
  std::set_difference(routed.begin(), routed.end(), documented.begin(), documented.end(),
                      std::back_inserter(undocumented));
  std::set_difference(documented.begin(), documented.end(), routed.begin(), routed.end(),
                      std::back_inserter(unrouted));
  EXPECT_THAT(undocumented, ::testing::IsEmpty()) << "in the route table, not in openapi.json";
  EXPECT_THAT(unrouted, ::testing::IsEmpty()) << "in openapi.json, not in the route table";
  EXPECT_EQ(routed.size(), http::Api::Routes().size());  // no operation twice
}

std::string HeaderValue(const HttpResult& r, const std::string& name) {
  const std::string prefix = name + ":";
  for (const auto& line : r.headers)
    if (line.size() > prefix.size() &&
        std::equal(prefix.begin(), prefix.end(), line.begin(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) ==
                 std::tolower(static_cast<unsigned char>(b));
        })) {
      std::string value = line.substr(prefix.size());
      while (!value.empty() && (value.front() == ' ')) value.erase(0, 1);
      while (!value.empty() && (value.back() == '\r' || value.back() == '\n')) value.pop_back();
      return value;
    }
  return {};
}

// `serve --web-root` serves the built pages beside the API, each with its policy.
TEST_F(HttpApi, ServesTheWebPagesBesideTheApi) {
  const auto root =
      std::filesystem::path(::testing::TempDir()) / ("web-root-" + std::to_string(::getpid()));
  std::filesystem::create_directories(root / "assets");
  const std::string index = "<!doctype html><title>tierdesk</title><script src=/assets/a-1.js>";
  std::ofstream(root / "index.html") << index;
  std::ofstream(root / "assets" / "a-1.js") << "start()";
  server_.reset();  // one server per database
  ServerProcess pages(db_, {"--web-root", root.string()});
  ASSERT_GT(pages.port(), 0);

  auto home = Request("GET", pages.Url("/"));
  EXPECT_EQ(home.status, 200);
  EXPECT_EQ(home.body, index);
  EXPECT_EQ(HeaderValue(home, "Content-Type"), "text/html; charset=utf-8");
  EXPECT_THAT(HeaderValue(home, "Content-Security-Policy"),
              ::testing::AllOf(HasSubstr("default-src 'self'"), HasSubstr("script-src 'self'"),
                               HasSubstr("frame-ancestors 'none'"),
                               ::testing::Not(HasSubstr("unsafe-inline"))));
  EXPECT_EQ(HeaderValue(home, "X-Frame-Options"), "DENY");
  EXPECT_EQ(HeaderValue(home, "X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(HeaderValue(home, "Referrer-Policy"), "same-origin");
  EXPECT_EQ(HeaderValue(home, "Cache-Control"), "no-cache");
  EXPECT_EQ(Request("GET", pages.Url("/console/tickets/TD-1")).body, index);
  auto head = Request("HEAD", pages.Url("/"));
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.body, "");
  EXPECT_EQ(HeaderValue(head, "Content-Length"), std::to_string(index.size()));
  EXPECT_EQ(HeaderValue(head, "ETag"), HeaderValue(home, "ETag"));
  EXPECT_EQ(Request("GET", pages.Url("/healthz")).status, 200);  // the connection still works

  auto script = Request("GET", pages.Url("/assets/a-1.js"));
  EXPECT_EQ(script.body, "start()");
  EXPECT_EQ(HeaderValue(script, "Cache-Control"), "public, max-age=31536000, immutable");
  auto again = Request("GET", pages.Url("/assets/a-1.js"), "", "",
                       {"If-None-Match: " + HeaderValue(script, "ETag")});
  EXPECT_EQ(again.status, 304);
  EXPECT_EQ(again.body, "");

  // The API stays JSON, its unknown paths too.
  auto missing = Request("GET", pages.Url("/api/v1/nothing-here"), tokens_["psc-anil"]);
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(HeaderValue(missing, "Content-Type"), "application/json");
  EXPECT_EQ(missing.json()["error"]["code"], "not_found");
  EXPECT_EQ(HeaderValue(missing, "X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(HeaderValue(missing, "Content-Security-Policy"), "");
  EXPECT_EQ(Request("GET", pages.Url("/assets/gone.js")).status, 404);
  EXPECT_EQ(Request("GET", pages.Url("/api/v1/tickets"), tokens_["psc-anil"]).status, 200);
  std::filesystem::remove_all(root);
}

// `[web] root` in the config does what --web-root does; pages that cannot be served whole
// stop `serve` before it listens.
TEST_F(HttpApi, WebRootFromTheConfigAndRootsThatCannotBeServed) {
  server_.reset();  // one server per database
  const auto dir =
      std::filesystem::path(::testing::TempDir()) / ("web-config-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir / "site");
  std::ofstream(dir / "site" / "index.html") << "<!doctype html><title>from config</title>";
  std::ofstream(dir / "serve.toml") << "[web]\nroot = \"" << (dir / "site").string() << "\"\n";
  {
    ServerProcess configured(db_, {"--config", (dir / "serve.toml").string()});
    ASSERT_GT(configured.port(), 0);
    EXPECT_THAT(Request("GET", configured.Url("/")).body, HasSubstr("from config"));
  }
  std::filesystem::create_directories(dir / "no-index");
  for (const auto& root : {dir / "missing", dir / "no-index"}) {
    const std::string command = std::string(TIERDESK_BINARY) + " serve --db '" + db_ +
                                "' --listen 127.0.0.1:0 --web-root '" + root.string() +
                                "' >/dev/null 2>&1";
    const int status = std::system(command.c_str());
    EXPECT_TRUE(WIFEXITED(status)) << root;
    EXPECT_EQ(WEXITSTATUS(status), 2) << root;
  }
  std::filesystem::remove_all(dir);
}

struct BadInput {
  std::string name;
  std::string method;
  std::string path;
  std::string body;
  std::vector<std::string> headers;
  long status;
  std::string code;
  std::string field;
};

class HttpBadInput : public HttpApi, public ::testing::WithParamInterface<BadInput> {};

TEST_P(HttpBadInput, GetsAClearErrorAndChangesNothing) {
  CreateTicket();
  const BadInput& bad = GetParam();
  auto r = Request(bad.method, server_->Url(bad.path), tokens_["psc-anil"], bad.body, bad.headers);
  EXPECT_EQ(r.status, bad.status) << r.body;
  auto error = r.json()["error"];
  EXPECT_EQ(error.value("code", ""), bad.code) << r.body;
  if (!bad.field.empty()) {
    EXPECT_EQ(error.value("field", ""), bad.field) << r.body;
  }
  // Nothing was written: still one ticket, untouched.
  auto ticket = Get("psc-anil", "/api/v1/tickets/TD-1").json();
  EXPECT_EQ(ticket["tier"], "L1");
  EXPECT_EQ(Get("psc-anil", "/api/v1/tickets").json()["tickets"].size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(
    Table, HttpBadInput,
    ::testing::Values(
        BadInput{"invalid_json", "POST", "/api/v1/tickets", "{oops", {}, 400, "invalid_json", ""},
        BadInput{"not_an_object", "POST", "/api/v1/tickets", "[1]", {}, 400, "invalid_json", ""},
        BadInput{"unknown_field",
                 "POST",
                 "/api/v1/tickets",
                 R"({"titel":"x"})",
                 {},
                 422,
                 "invalid_argument",
                 "titel"},
        BadInput{"missing_client",
                 "POST",
                 "/api/v1/tickets",
                 R"({"title":"x","caller_phone":"1"})",
                 {},
                 422,
                 "invalid_argument",
                 "client_id"},
        BadInput{"wrong_type",
                 "POST",
                 "/api/v1/tickets",
                 R"({"title":5})",
                 {},
                 422,
                 "invalid_argument",
                 "title"},
        BadInput{"reserved_actor",
                 "POST",
                 "/api/v1/tickets",
                 R"({"actor":"psc-lead"})",
                 {},
                 422,
                 "invalid_argument",
                 "actor"},
        BadInput{"not_json_type",
                 "POST",
                 "/api/v1/tickets",
                 "{}",
                 {"Content-Type: text/plain"},
                 415,
                 "unsupported_media_type",
                 "Content-Type"},
        BadInput{"unknown_ticket", "GET", "/api/v1/tickets/TD-99", "", {}, 404, "not_found", ""},
        BadInput{
            "unknown_command", "POST", "/api/v1/tickets/TD-1/fly", "{}", {}, 404, "not_found", ""},
        BadInput{"illegal_transition",
                 "POST",
                 "/api/v1/tickets/TD-1/sign_off",
                 "{}",
                 {},
                 409,
                 "failed_precondition",
                 ""},
        BadInput{"handoff_skipping_a_tier",
                 "POST",
                 "/api/v1/tickets/TD-1/handoff",
                 R"({"to":"L3","criterion":"code_change","tried":"x"})",
                 {},
                 409,
                 "failed_precondition",
                 "to"},
        BadInput{"missing_criterion",
                 "POST",
                 "/api/v1/tickets/TD-1/handoff",
                 R"({"to":"L2","tried":"x"})",
                 {},
                 422,
                 "invalid_argument",
                 "criterion"},
        BadInput{"bad_query",
                 "GET",
                 "/api/v1/tickets?limit=0",
                 "",
                 {},
                 422,
                 "invalid_argument",
                 "limit"},
        BadInput{"unknown_tier",
                 "GET",
                 "/api/v1/tickets?tier=L9",
                 "",
                 {},
                 422,
                 "invalid_argument",
                 "tier"},
        BadInput{"no_route", "GET", "/api/v2/tickets", "", {}, 404, "not_found", ""}),
    [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace tierdesk::testing
