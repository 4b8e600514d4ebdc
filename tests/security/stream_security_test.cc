// Hardening, round 2: live streams. One client token opened 2,048 streams and took every
// connection (item 1); a person removed from the procedure kept an open staff stream and got
// internal notes written after (item 5); client streams carried the desk-wide seq (item 9).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>

#include "integration/wait.h"
#include "security/api_security_fixture.h"
#include "unit/http/stream_hub_fixture.h"

namespace tierdesk::http {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing::WaitUntil;

// The ids a stream was given, in order.
std::vector<std::string> Ids(const RecordingStream& s) {
  std::vector<std::string> ids;
  static const std::regex id("(^|\n)id: ([^\n]*)");
  for (const auto& frame : s.Frames())
    for (std::sregex_iterator m(frame.begin(), frame.end(), id), end; m != end; ++m)
      ids.push_back((*m)[2]);
  return ids;
}

TEST_F(StreamHubTest, ACredentialAndAnActorHoldAFewStreamsAndTheHubABoundedNumber) {
  StreamHub hub(store_, clock_,
                {.max_streams_per_credential = 3, .max_streams_per_actor = 4, .max_streams = 6});
  ASSERT_TRUE(hub.Start());
  std::vector<std::shared_ptr<StreamHub::Slot>> held;
  for (int i = 0; i < 3; ++i) held.push_back(hub.Reserve("token-a", "client:C-1"));
  for (const auto& slot : held) EXPECT_NE(slot, nullptr);
  bool over_all = true;
  EXPECT_EQ(hub.Reserve("token-a", "client:C-1", &over_all), nullptr);  // a credential's fourth
  EXPECT_FALSE(over_all);
  // Another token of the same client: one more, up to the actor's four, then no more however
  // many tokens the client makes.
  held.push_back(hub.Reserve("token-b", "client:C-1"));
  EXPECT_NE(held.back(), nullptr);
  EXPECT_EQ(hub.Reserve("token-c", "client:C-1"), nullptr);
  held.push_back(hub.Reserve("token-d", "client:C-2"));
  held.push_back(hub.Reserve("token-e", "client:C-3"));
  EXPECT_EQ(hub.Reserve("token-f", "client:C-4", &over_all), nullptr);  // the hub's seventh
  EXPECT_TRUE(over_all);
  // A stream's slot is free again once the stream ends (a dropped slot at once).
  auto stream = std::make_shared<RecordingStream>();
  hub.Subscribe(stream, {.staff = true}, std::nullopt, std::move(held[0]));
  held.erase(held.begin());
  EXPECT_EQ(hub.Reserve("token-f", "client:C-4"), nullptr);  // still held by the open stream
  stream->Close();
  Commit(1, &hub);  // the hub drops closed streams as it next writes to them
  ASSERT_TRUE(WaitUntil([&] { return hub.subscribers() == 0; }));
  EXPECT_NE(hub.Reserve("token-f", "client:C-4"), nullptr);
}

TEST_F(StreamHubTest, AStreamEndsAfterItsLifetimeAtAPlaceItWasTold) {
  Commit(2);
  StreamHub hub(
      store_, clock_,
      {.keepalive = std::chrono::milliseconds(20), .max_lifetime = std::chrono::seconds(0)});
  ASSERT_TRUE(hub.Start());
  auto stream = std::make_shared<RecordingStream>();
  hub.Subscribe(stream, {.staff = true}, 0);
  ASSERT_TRUE(WaitUntil([&] { return stream->closed(); }));
  // It got every event before it closed, so its reconnect resumes after the last.
  EXPECT_EQ(stream->TicketIds().back(), Head());
}

TEST_F(StreamHubTest, AClientsStreamCarriesSealedIdsAndNoSeq) {
  StreamHub hub(store_, clock_, {.poll = std::chrono::milliseconds(5), .cursor_key = "desk key"});
  ASSERT_TRUE(hub.Start());
  auto client = std::make_shared<RecordingStream>();
  hub.Subscribe(client, {.client_id = "C-1"}, std::nullopt);
  Commit(0, &hub);  // the client's ticket
  for (int i = 0; i < 3; ++i) {
    core::Command told{"psc-anil", 1, core::cmd::Note{"told the client " + std::to_string(i), true},
                       ""};
    auto d = core::Decide(ticket_, told, at_, procedure_).value();
    service::CommitRecord r{d.ticket, ticket_.version, d.events, {}, at_, "", "note"};
    ASSERT_TRUE(store_.Commit({&r, 1}));
    ticket_ = d.ticket;
    Commit(5, &hub);  // staff-only notes between: the gaps a seq would show
  }
  ASSERT_TRUE(WaitUntil([&] { return client->Has("told the client 2"); }));
  for (const auto& frame : client->Frames()) EXPECT_THAT(frame, Not(HasSubstr("\"seq\"")));
  const auto ids = Ids(*client);
  ASSERT_GE(ids.size(), 4u);
  for (const auto& id : ids) {
    EXPECT_FALSE(std::all_of(id.begin(), id.end(), ::isdigit)) << id;
    // Each opens to a place in the log, on any node with the same key, and only for clients.
    EXPECT_TRUE(hub.ParsePlace(id, /*client=*/true).has_value()) << id;
    EXPECT_FALSE(hub.ParsePlace(id, /*client=*/false).has_value());
  }
  StreamHub other_node(store_, clock_, {.cursor_key = "desk key"});
  EXPECT_EQ(other_node.ParsePlace(ids.back(), true), hub.ParsePlace(ids.back(), true));
  StreamHub other_desk(store_, clock_, {.cursor_key = "another desk"});
  EXPECT_FALSE(other_desk.ParsePlace(ids.back(), true).has_value());
  EXPECT_FALSE(hub.ParsePlace("17", true).has_value());  // a seq is not a client's place
  // Resuming from its last id gives nothing again.
  auto again = std::make_shared<RecordingStream>();
  hub.Subscribe(again, {.client_id = "C-1"}, hub.ParsePlace(ids.back(), true));
  Commit(1, &hub);
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_FALSE(again->Has("told the client"));
}

TEST_F(StreamHubTest, APersonRemovedFromTheProcedureGetsNoFurtherEvent) {
  Commit(1);
  std::atomic<const core::Procedure*> in_force{&procedure_};
  core::Procedure without_ravi = procedure_;
  std::erase_if(without_ravi.people, [](const core::Person& p) { return p.id == "ssc-ravi"; });
  StreamHub hub(store_, clock_, {.poll = std::chrono::milliseconds(5)});
  hub.SetProcedure([&] { return in_force.load(); });
  ASSERT_TRUE(hub.Start());
  auto ravi = std::make_shared<RecordingStream>();
  auto anil = std::make_shared<RecordingStream>();
  hub.Subscribe(ravi, {.staff = true, .actor = "ssc-ravi"}, std::nullopt);
  hub.Subscribe(anil, {.staff = true, .actor = "psc-anil"}, std::nullopt);
  Commit(1, &hub);
  ASSERT_TRUE(WaitUntil([&] { return ravi->TicketIds().size() == 1; }));
  in_force = &without_ravi;  // the reload
  Commit(1, &hub);           // an internal note after it
  ASSERT_TRUE(WaitUntil([&] { return anil->TicketIds().size() == 2; }));
  EXPECT_TRUE(ravi->closed());
  EXPECT_EQ(ravi->TicketIds().size(), 1u);
  EXPECT_TRUE(ravi->Has("event: signed_out"));
}

}  // namespace
}  // namespace tierdesk::http
