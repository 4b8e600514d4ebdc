// GET /api/v1/stream and ticket presence against the real `tierdesk serve`: server-sent events
// read from a raw socket, as a browser's EventSource reads them.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <numeric>
#include <thread>

#include "common/clock.h"
#include "core/decide.h"
#include "integration/api_fixture.h"
#include "integration/sse_client.h"
#include "integration/wait.h"
#include "store/sqlite/sqlite_store.h"
#include "test_support.h"

namespace tierdesk::testing {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Not;

class EventStream : public Seed000ApiTest {
 protected:
  // Each test serves once it has the database it wants.
  void SetUp() override { InitSeed000(kLadderAndTwoClients); }

  // A stream as `who`, once it is subscribed (its first frame arrived).
  std::unique_ptr<SseClient> Stream(const std::string& who, const std::string& query = "",
                                    std::vector<std::string> headers = {}) {
    if (!who.empty()) headers.push_back("Authorization: Bearer " + tokens_[who]);
    auto s = std::make_unique<SseClient>(server_->port(), "/api/v1/stream" + query, headers);
    EXPECT_TRUE(WaitUntil([&] { return s->retry().has_value() || s->ended(); })) << s->body();
    EXPECT_EQ(s->status(), 200) << s->head() << s->body();
    return s;
  }

  void Note(const std::string& ref, const std::string& text, bool visible_to_client = false,
            const std::string& who = "psc-anil") {
    auto r = Post(who, "/api/v1/tickets/" + ref + "/note",
                  {{"text", text}, {"public", visible_to_client}});
    EXPECT_EQ(r.status, 200) << r.body;
  }

  // The ticket event whose note text is `text`, once `s` has it.
  static std::optional<SseEvent> WaitForNote(const SseClient& s, const std::string& text) {
    std::optional<SseEvent> found;
    WaitUntil([&] {
      for (const auto& e : s.Events("ticket"))
        if (e.json().value("text", "") == text) found = e;
      return found.has_value();
    });
    return found;
  }
};

TEST_F(EventStream, AStreamGetsTheEventsOfATicketAnotherCallerCreated) {
  Serve();
  auto stream = Stream("ssc-ravi");
  EXPECT_THAT(stream->head(), HasSubstr("Content-Type: text/event-stream"));
  EXPECT_THAT(stream->head(), HasSubstr("Cache-Control: no-cache"));
  EXPECT_EQ(stream->retry(), 2000);

  ASSERT_EQ(CreateTicket("C-1001"), "TD-1");
  ASSERT_TRUE(WaitUntil([&] { return !stream->Events("ticket").empty(); }));
  const SseEvent created = stream->Events("ticket").front();
  const auto data = created.json();
  EXPECT_EQ(data["type"], "created");
  EXPECT_EQ(data["ref"], "TD-1");
  EXPECT_EQ(data["actor"], "psc-anil");
  EXPECT_THAT(data.value("at", ""), ::testing::MatchesRegex("2[0-9-]+T[0-9:]+Z"));
  ASSERT_TRUE(created.id.has_value());
  EXPECT_EQ(data["seq"], *created.id);
  EXPECT_EQ(*created.id, 1);
}

TEST_F(EventStream, AReconnectGetsExactlyTheMissedEventsInOrderThenLiveOnes) {
  Serve();
  auto witness = Stream("ssc-ravi");  // open throughout: every event, in order
  auto first = Stream("psc-anil");
  const std::string ref = CreateTicket("C-1001");
  ASSERT_TRUE(WaitUntil([&] { return !first->Events("ticket").empty(); }));
  const int64_t last = first->last_event_id();
  first->Disconnect();

  Note(ref, "missed 1");
  Note(ref, "missed 2");
  ASSERT_EQ(Post("psc-anil", "/api/v1/tickets/" + ref + "/handoff",
                 {{"to", "L2"}, {"criterion", "needs_deeper_knowledge"}, {"tried", "restart"}})
                .status,
            200);
  // Commits keep landing while the reconnects read their backlog from the store.
  std::thread writer([&] {
    for (int i = 0; i < 8; ++i) Note(ref, "during " + std::to_string(i));
  });
  const std::string resume = "Last-Event-ID: " + std::to_string(last);
  auto by_header = Stream("psc-anil", "", {resume});
  auto by_query = Stream("psc-anil", "?since=" + std::to_string(last));
  auto header_wins = Stream("psc-anil", "?since=0", {resume});
  writer.join();
  Note(ref, "live after");

  ASSERT_TRUE(WaitForNote(*witness, "live after"));
  const std::vector<int64_t> all = witness->TicketIds();
  std::vector<int64_t> expected(size_t(all.back() - last));
  std::iota(expected.begin(), expected.end(), last + 1);  // no gap: staff see every seq
  ASSERT_THAT(all, ::testing::IsSupersetOf(expected));
  for (const auto* s : {by_header.get(), by_query.get(), header_wins.get()}) {
    ASSERT_TRUE(WaitForNote(*s, "live after"));
    EXPECT_EQ(s->TicketIds(), expected);  // each once, in order, nothing before `last`
  }
}

// Writes `count` internal notes on a new ticket of C-1001 straight into the database, before
// the server starts: a log longer than any reconnect may catch up on.
int64_t SeedLongLog(const std::string& db, int count) {
  auto store = store::SqliteStore::Open(db).value();
  const core::Procedure procedure = SeedProcedure("000-three-level-support.toml");
  // Now, so no deadline of the ticket falls due (and adds events) while the test runs.
  const Timestamp at = SystemClock().Now();
  auto created = core::Decide({}, CreateFor("C-1001"), at, procedure, 1).value();
  auto noted =
      core::Decide(created.ticket, core::Command{"psc-anil", 1, core::cmd::Note{"x", false}, ""},
                   at, procedure)
          .value();
  service::CommitRecord record{created.ticket, 0, created.events, {}, at, "", "create"};
  for (int i = 0; i < count; ++i) record.events.push_back(noted.events.front());
  EXPECT_TRUE(store->Commit({&record, 1}));
  return store->LastEventSeq().value();
}

TEST_F(EventStream, AReconnectTooFarBehindIsToldToResync) {
  const int64_t head = SeedLongLog(db_, 10'050);
  Serve();
  auto stale = Stream("psc-anil", "", {"Last-Event-ID: " + std::to_string(head - 10'001)});
  auto ahead = Stream("psc-anil", "", {"Last-Event-ID: " + std::to_string(head + 5)});
  auto at_bound = Stream("psc-anil", "", {"Last-Event-ID: " + std::to_string(head - 10'000)});
  for (const auto* s : {stale.get(), ahead.get()}) {
    ASSERT_TRUE(WaitUntil([&] { return !s->Events("resync").empty(); }));
    const SseEvent resync = s->Events("resync").front();
    EXPECT_EQ(resync.json()["seq"], head);
    EXPECT_EQ(resync.id, head);
  }
  // Within the bound, every missed event comes from the store instead.
  ASSERT_TRUE(WaitUntil([&] { return at_bound->TicketIds().size() >= 10'000u; }));
  EXPECT_TRUE(at_bound->Events("resync").empty());
  EXPECT_EQ(at_bound->TicketIds().front(), head - 9'999);
  EXPECT_EQ(at_bound->TicketIds().back(), head);

  // After a resync, the stream goes on live from the head.
  auto created = Post("psc-anil", "/api/v1/tickets",
                      {{"title", "Disk full"}, {"client_id", "C-1001"}, {"caller_phone", "1"}});
  ASSERT_EQ(created.status, 201) << created.body;
  std::vector<int64_t> live(created.json()["events"].size());
  ASSERT_FALSE(live.empty());
  std::iota(live.begin(), live.end(), head + 1);
  for (const auto* s : {stale.get(), ahead.get()}) {
    ASSERT_TRUE(WaitUntil([&] { return s->TicketIds().size() >= live.size(); }));
    EXPECT_EQ(s->TicketIds(), live);
  }
  ASSERT_TRUE(WaitUntil([&] { return at_bound->TicketIds().size() >= 10'000u + live.size(); }));
  EXPECT_EQ(at_bound->TicketIds().size(), 10'000u + live.size());
  EXPECT_EQ(at_bound->TicketIds().back(), live.back());
}

TEST_F(EventStream, AClientsStreamCarriesOnlyItsOwnTicketsAndNoInternalNotes) {
  Serve();
  auto mine = Stream("client:C-1001");
  auto theirs = Stream("client:C-2002");
  auto staff = Stream("ssc-ravi");
  const std::string t1 = CreateTicket("C-1001");
  const std::string t2 = CreateTicket("C-2002");
  Note(t1, "internal: the database is suspect");
  Note(t1, "We are on it", true);
  ASSERT_EQ(Post("psc-anil", "/api/v1/tickets/" + t1 + "/handoff",
                 {{"to", "L2"}, {"criterion", "needs_deeper_knowledge"}, {"tried", "restart"}})
                .status,
            200);
  Note(t2, "For C-2002", true);
  Note(t1, "Last words", true, "ssc-ravi");  // L2 works it now

  ASSERT_TRUE(WaitForNote(*mine, "Last words"));
  ASSERT_TRUE(WaitForNote(*theirs, "For C-2002"));
  ASSERT_TRUE(WaitForNote(*staff, "Last words"));
  const auto internal = WaitForNote(*staff, "internal: the database is suspect");
  ASSERT_TRUE(internal);
  std::vector<std::string> staff_types;
  for (const auto& e : staff->Events("ticket")) staff_types.push_back(e.json()["type"]);
  ASSERT_THAT(staff_types, Contains("paged"));  // the hand-off paged L2: staff only

  std::vector<std::string> types;
  for (const auto& e : mine->Events("ticket")) {
    const auto data = e.json();
    EXPECT_EQ(data["ref"], t1) << e.data;
    EXPECT_NE(data.value("visibility", ""), "internal") << e.data;
    EXPECT_NE(data.value("text", ""), "internal: the database is suspect") << e.data;
    EXPECT_NE(e.id_text, internal->id_text);
    types.push_back(data["type"]);
  }
  EXPECT_THAT(types, Contains("created"));
  EXPECT_THAT(types, Contains("handed_off"));
  EXPECT_THAT(types, Not(Contains("paged")));
  EXPECT_THAT(types, Not(Contains("clock_started")));
  for (const auto& e : theirs->Events("ticket")) EXPECT_EQ(e.json()["ref"], t2) << e.data;
}

TEST_F(EventStream, KeepAlivesKeepAnIdleStreamOpenAndMoveItsLastEventId) {
  Serve();
  auto mine = Stream("client:C-1001");
  auto staff = Stream("psc-anil");
  const std::string joined_at = mine->last_event_id_text();
  CreateTicket("C-2002");  // not for C-1001's eyes
  ASSERT_TRUE(WaitUntil([&] { return !staff->TicketIds().empty(); }));
  const int seen = mine->keepalives();
  ASSERT_TRUE(WaitUntil([&] { return mine->keepalives() > seen; }));
  EXPECT_FALSE(mine->ended());
  EXPECT_TRUE(mine->TicketIds().empty());
  // The keep-alive names the last place checked for this client (sealed: a client's ids tell
  // nothing of the desk's other events), so a reconnect starts there.
  const std::string moved_to = mine->last_event_id_text();
  EXPECT_NE(moved_to, joined_at);
  EXPECT_NE(moved_to.find_first_not_of("0123456789"), std::string::npos) << moved_to;
  auto again = Stream("client:C-1001", "", {"Last-Event-ID: " + moved_to});
  CreateTicket("C-1001");
  ASSERT_TRUE(WaitUntil([&] { return !again->Events("ticket").empty(); }));
  EXPECT_TRUE(again->Events("resync").empty());
  EXPECT_FALSE(again->Events("ticket")[0].json().contains("seq"));
}

TEST_F(EventStream, CallersWithoutCredentialsOrWithABadPlaceAreRefused) {
  Serve();
  auto none = Request("GET", server_->Url("/api/v1/stream"));
  EXPECT_EQ(none.status, 401);
  EXPECT_EQ(none.json()["error"]["code"], "unauthenticated");
  auto unknown = Request("GET", server_->Url("/api/v1/stream"), "td_nope_nope");
  EXPECT_EQ(unknown.status, 401);
  auto bad = Request("GET", server_->Url("/api/v1/stream?since=yesterday"), tokens_["psc-anil"]);
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.json()["error"]["field"], "since");
}

TEST_F(EventStream, ABrowserSessionCookieOpensTheStream) {
  const std::string set_password = std::string("echo 'correct horse battery' | ") +
                                   TIERDESK_BINARY + " account set-password --db " + db_ +
                                   " --login client:C-1001";
  ASSERT_EQ(std::system(set_password.c_str()), 0);
  Serve();
  auto login = Request("POST", server_->Url("/api/v1/login"), "",
                       R"({"login":"client:C-1001","password":"correct horse battery"})");
  ASSERT_EQ(login.status, 200) << login.body;
  std::string cookie;
  for (const auto& h : login.headers)
    if (h.rfind("Set-Cookie: td_session=", 0) == 0) cookie = h.substr(12, h.find(';') - 12);
  ASSERT_FALSE(cookie.empty());
  auto browser = Stream("", "", {"Cookie: " + cookie});
  const std::string ref = CreateTicket("C-1001");
  ASSERT_TRUE(WaitUntil([&] { return !browser->Events("ticket").empty(); }));
  EXPECT_EQ(browser->Events("ticket").front().json()["ref"], ref);

  // Signing out ends the session's stream at once, saying why.
  const std::string csrf = login.json()["csrf_token"];
  auto out = Request("POST", server_->Url("/api/v1/logout"), "", "",
                     {"Cookie: " + cookie, "X-CSRF-Token: " + csrf});
  ASSERT_EQ(out.status, 200) << out.body;
  ASSERT_TRUE(WaitUntil([&] { return browser->ended(); }));
  EXPECT_EQ(browser->Events("signed_out").size(), 1u);
  auto again = Request("GET", server_->Url("/api/v1/stream"), "", "", {"Cookie: " + cookie});
  EXPECT_EQ(again.status, 401);
}

TEST_F(EventStream, RevokingATokenEndsItsStreamsAndNoOthers) {
  Serve();
  auto revoked = Stream("ssc-ravi");
  auto other = Stream("psc-anil");
  // The token's id is the secret's middle part: td_<id>_<random>.
  const std::string& secret = tokens_["ssc-ravi"];
  const std::string id = secret.substr(3, secret.find('_', 3) - 3);
  auto r = Post("ssc-ravi", "/api/v1/tokens/" + id + "/revoke", nlohmann::json::object());
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_TRUE(WaitUntil([&] { return revoked->ended(); }));
  EXPECT_EQ(revoked->Events("signed_out").size(), 1u);
  CreateTicket("C-1001");
  ASSERT_TRUE(WaitUntil([&] { return !other->Events("ticket").empty(); }));
  EXPECT_FALSE(other->ended());
}

TEST_F(EventStream, PresenceReachesStaffStreamsWithoutAnIdAndExpires) {
  Serve({"--simulate-from", "2026-01-05T09:00:00Z"});
  auto ravi = Stream("ssc-ravi");
  auto client = Stream("client:C-1001");
  const std::string ref = CreateTicket("C-1001");
  const std::string path = "/api/v1/tickets/" + ref + "/presence";

  EXPECT_EQ(Post("client:C-1001", path, {{"state", "viewing"}}).status, 403);
  EXPECT_EQ(Post("psc-anil", path, {{"state", "dancing"}}).status, 422);
  EXPECT_EQ(Post("psc-anil", "/api/v1/tickets/TD-99/presence", {{"state", "viewing"}}).status, 404);
  auto marked = Post("psc-anil", path, {{"state", "writing"}});
  ASSERT_EQ(marked.status, 200) << marked.body;
  EXPECT_EQ(marked.json()["expires"], "2026-01-05T09:00:30Z");

  auto presence_of = [](const SseClient& s, const std::string& state) {
    std::optional<SseEvent> found;
    for (const auto& e : s.Events("presence"))
      if (e.json()["state"] == state) found = e;
    return found;
  };
  ASSERT_TRUE(WaitUntil([&] { return presence_of(*ravi, "writing").has_value(); }));
  const SseEvent writing = *presence_of(*ravi, "writing");
  EXPECT_FALSE(writing.id.has_value());  // Last-Event-ID stays a place in the store's log
  EXPECT_EQ(writing.json()["ref"], ref);
  EXPECT_EQ(writing.json()["actor"], "psc-anil");
  EXPECT_EQ(writing.json()["expires"], "2026-01-05T09:00:30Z");
  // Staff who open their stream later learn who is there at once.
  auto arjun = Stream("dsc-arjun");
  ASSERT_TRUE(WaitUntil([&] { return presence_of(*arjun, "writing").has_value(); }));

  // No heartbeat for 30 s of the (simulated) clock: gone, on every staff stream.
  ASSERT_EQ(Post("psc-anil", "/api/v1/clock", {{"advance", "1m"}}).status, 200);
  ASSERT_TRUE(WaitUntil([&] { return presence_of(*ravi, "gone").has_value(); }));
  ASSERT_TRUE(WaitUntil([&] { return presence_of(*arjun, "gone").has_value(); }));
  EXPECT_EQ(presence_of(*ravi, "gone")->json()["actor"], "psc-anil");

  // Clients never see who of the staff is on their ticket.
  Note(ref, "After presence", true);
  ASSERT_TRUE(WaitForNote(*client, "After presence"));
  EXPECT_TRUE(client->Events("presence").empty());
}

TEST_F(EventStream, ServerStopsPromptlyWithStreamsOpen) {
  Serve();
  auto a = Stream("psc-anil");
  auto b = Stream("client:C-1001");
  auto c = Stream("ssc-ravi", "?since=0");
  CreateTicket("C-1001");
  ASSERT_TRUE(WaitUntil([&] { return !a->TicketIds().empty() && !b->TicketIds().empty(); }));
  // Open streams were answered: they are not requests in flight that SIGTERM waits out.
  const auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(server_->Stop(), 0);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
  for (const auto* s : {a.get(), b.get(), c.get()})
    EXPECT_TRUE(WaitUntil([&] { return s->ended(); }, std::chrono::seconds(2)));
}

}  // namespace
}  // namespace tierdesk::testing
