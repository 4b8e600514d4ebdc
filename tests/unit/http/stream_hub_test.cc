// The StreamHub's promise: each subscriber gets every event after its place in the log once,
// in order, however its joining interleaves with commits; a subscriber that stops reading is
// cut off instead of holding memory.
#include "http/live/stream_hub.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <numeric>
#include <thread>

#include "integration/wait.h"
#include "test_support.h"
#include "unit/http/stream_hub_fixture.h"

namespace tierdesk::http {
namespace {

using testing::At;
using testing::WaitUntil;

TEST_F(StreamHubTest, StreamsJoiningWhileCommitsLandGetEachLaterEventOnceInOrder) {
  Commit(20);
  StreamHub hub(store_, clock_, {.poll = std::chrono::milliseconds(5), .page = 7});
  ASSERT_TRUE(hub.Start());
  struct Joined {
    std::shared_ptr<RecordingStream> stream;
    std::optional<int64_t> since;
  };
  std::vector<Joined> joined;
  const int64_t start = Head();
  std::thread writer([&] { Commit(300, &hub); });
  for (int i = 0; i < 60; ++i) {
    auto stream = std::make_shared<RecordingStream>();
    // Some join live; the others reconnect from where an earlier stream got to, as browsers do.
    std::optional<int64_t> since;
    if (i % 4 != 0) {
      const auto got = i > 0 ? joined[size_t(i / 2)].stream->TicketIds() : std::vector<int64_t>{};
      since = got.empty() ? std::max<int64_t>(0, start - i % 25) : got.back();
    }
    hub.Subscribe(stream, {.staff = true}, since);
    joined.push_back({stream, since});
    std::this_thread::yield();
  }
  writer.join();
  Commit(1, &hub);  // one event after every join, for those that joined last
  const int64_t head = Head();
  for (const auto& j : joined) {
    ASSERT_TRUE(WaitUntil([&] {
      auto ids = j.stream->TicketIds();
      return !ids.empty() && ids.back() == head;
    }));
    const auto ids = j.stream->TicketIds();
    // Contiguous from where it joined: no gap, no repeat.
    std::vector<int64_t> expected(size_t(head - ids.front() + 1));
    std::iota(expected.begin(), expected.end(), ids.front());
    EXPECT_EQ(ids, expected);
    if (j.since) {
      EXPECT_EQ(ids.front(), *j.since + 1);
    }
  }
}

TEST_F(StreamHubTest, AReconnectBeyondTheBoundIsToldToResync) {
  Commit(10);
  StreamHub hub(store_, clock_, {.max_backlog = 5});
  ASSERT_TRUE(hub.Start());
  const int64_t head = Head();
  auto far = std::make_shared<RecordingStream>();
  auto near = std::make_shared<RecordingStream>();
  hub.Subscribe(far, {.staff = true}, head - 6);
  hub.Subscribe(near, {.staff = true}, head - 5);
  EXPECT_TRUE(far->Has("event: resync\ndata: {\"seq\":" + std::to_string(head) + "}"));
  ASSERT_TRUE(WaitUntil([&] { return near->TicketIds().size() == 5; }));
  EXPECT_FALSE(near->Has("resync"));
  Commit(1, &hub);
  ASSERT_TRUE(WaitUntil([&] { return !far->TicketIds().empty(); }));
  EXPECT_EQ(far->TicketIds(), std::vector<int64_t>{head + 1});
}

TEST_F(StreamHubTest, ASubscriberTooFarBehindIsClosedAndTheOthersGoOn) {
  Commit(1);
  StreamHub hub(store_, clock_, {.max_pending_bytes = 1000});
  ASSERT_TRUE(hub.Start());
  auto slow = std::make_shared<RecordingStream>();
  auto fine = std::make_shared<RecordingStream>();
  hub.Subscribe(slow, {.staff = true}, std::nullopt);
  hub.Subscribe(fine, {.staff = true}, std::nullopt);
  slow->pending_ = 5000;  // its peer stopped reading
  Commit(1, &hub);
  ASSERT_TRUE(WaitUntil([&] { return slow->closed(); }));
  ASSERT_TRUE(WaitUntil([&] { return fine->TicketIds().size() == 1; }));
  EXPECT_TRUE(slow->TicketIds().empty());
  EXPECT_FALSE(fine->closed());
  EXPECT_TRUE(WaitUntil([&] { return hub.subscribers() == 1; }));
}

TEST_F(StreamHubTest, AStreamEndsWithItsSessionOrTokenAndTheOthersGoOn) {
  // Rechecked only when told (the hour-long period never comes in the test).
  StreamHub hub(store_, clock_, {.recheck = std::chrono::hours(1)});
  ASSERT_TRUE(hub.Start());
  const service::Session session{"session-hash", "psc-anil", "csrf", clock_.Now(),
                                 clock_.Now() + std::chrono::hours(8)};
  ASSERT_TRUE(store_.PutSession(session));
  ASSERT_TRUE(store_.PutSession(
      {"other-session", "ssc-ravi", "csrf2", clock_.Now(), clock_.Now() + std::chrono::hours(8)}));
  ASSERT_TRUE(store_.PutApiToken({"tok1", "token-hash", "client:C-1", "ci", clock_.Now()}));
  auto by_session = std::make_shared<RecordingStream>();
  auto by_other_session = std::make_shared<RecordingStream>();
  auto by_token = std::make_shared<RecordingStream>();
  hub.Subscribe(by_session, {.staff = true, .session_hash = "session-hash"}, std::nullopt);
  hub.Subscribe(by_other_session, {.staff = true, .session_hash = "other-session"}, std::nullopt);
  hub.Subscribe(by_token, {.client_id = "C-1", .token_hash = "token-hash"}, std::nullopt);
  hub.RecheckCredentials();
  Commit(1, &hub);
  ASSERT_TRUE(WaitUntil([&] { return !by_other_session->TicketIds().empty(); }));
  EXPECT_FALSE(by_session->closed());
  EXPECT_FALSE(by_token->closed());

  // Logged out: that session's stream is told and ended; the other session's is not.
  ASSERT_TRUE(store_.DeleteSession("session-hash"));
  hub.RecheckCredentials();
  ASSERT_TRUE(WaitUntil([&] { return by_session->closed(); }));
  EXPECT_TRUE(by_session->Has("event: signed_out\n"));
  EXPECT_FALSE(by_other_session->closed());
  EXPECT_FALSE(by_token->closed());

  // The token revoked (by the CLI, say): its stream ends at the next check.
  ASSERT_TRUE(store_.RevokeApiToken("tok1", clock_.Now()).value());
  hub.RecheckCredentials();
  ASSERT_TRUE(WaitUntil([&] { return by_token->closed(); }));
  EXPECT_TRUE(by_token->Has("event: signed_out\n"));

  // An expired session ends its stream too.
  clock_.AdvanceTo(clock_.Now() + std::chrono::hours(9));
  hub.RecheckCredentials();
  ASSERT_TRUE(WaitUntil([&] { return by_other_session->closed(); }));
  EXPECT_TRUE(WaitUntil([&] { return hub.subscribers() == 0; }));
}

// Nobody tells the hub (a revocation by the CLI, an expiry): its own periodic check finds it.
TEST_F(StreamHubTest, ThePeriodicCheckEndsAStreamWhoseCredentialEndedElsewhere) {
  StreamHub hub(store_, clock_, {.recheck = std::chrono::milliseconds(50)});
  ASSERT_TRUE(hub.Start());
  ASSERT_TRUE(store_.PutApiToken({"tok1", "token-hash", "client:C-1", "ci", clock_.Now()}));
  ASSERT_TRUE(store_.PutApiToken({"tok2", "other-hash", "client:C-1", "ci", clock_.Now()}));
  auto revoked = std::make_shared<RecordingStream>();
  auto kept = std::make_shared<RecordingStream>();
  hub.Subscribe(revoked, {.client_id = "C-1", .token_hash = "token-hash"}, std::nullopt);
  hub.Subscribe(kept, {.client_id = "C-1", .token_hash = "other-hash"}, std::nullopt);
  ASSERT_TRUE(store_.RevokeApiToken("tok1", clock_.Now()).value());
  ASSERT_TRUE(WaitUntil([&] { return revoked->closed(); }));
  EXPECT_TRUE(revoked->Has("event: signed_out\n"));
  EXPECT_FALSE(kept->closed());
}

TEST_F(StreamHubTest, StoppingClosesEveryStream) {
  StreamHub hub(store_, clock_);
  ASSERT_TRUE(hub.Start());
  auto stream = std::make_shared<RecordingStream>();
  hub.Subscribe(stream, {.staff = false, .client_id = "C-1"}, std::nullopt);
  hub.Stop();
  EXPECT_TRUE(stream->closed());
  auto late = std::make_shared<RecordingStream>();
  hub.Subscribe(late, {.staff = true}, std::nullopt);
  EXPECT_TRUE(late->closed());
}

}  // namespace
}  // namespace tierdesk::http
