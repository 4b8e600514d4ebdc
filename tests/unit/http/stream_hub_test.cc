// The StreamHub's promise: each subscriber gets every event after its place in the log once,
// in order, however its joining interleaves with commits; a subscriber that stops reading is
// cut off instead of holding memory.
#include "http/stream_hub.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <numeric>
#include <thread>

#include "core/decide.h"
#include "integration/wait.h"
#include "store/memory/memory_store.h"
#include "test_support.h"

namespace tierdesk::http {
namespace {

using testing::At;
using testing::WaitUntil;

// Keeps what a peer would have received.
class RecordingStream final : public EventStream {
 public:
  bool Send(std::string frame) override {
    std::lock_guard lock(mu_);
    if (closed_) return false;
    frames_.push_back(std::move(frame));
    return true;
  }
  void Close() override {
    std::lock_guard lock(mu_);
    closed_ = true;
  }
  bool closed() const override {
    std::lock_guard lock(mu_);
    return closed_;
  }
  size_t Pending() const override { return pending_; }

  std::vector<int64_t> TicketIds() const {
    std::lock_guard lock(mu_);
    std::vector<int64_t> ids;
    for (const auto& f : frames_)
      if (f.find("\nevent: ticket\n") != std::string::npos) ids.push_back(std::stoll(f.substr(4)));
    return ids;
  }
  bool Has(std::string_view text) const {
    std::lock_guard lock(mu_);
    for (const auto& f : frames_)
      if (f.find(text) != std::string::npos) return true;
    return false;
  }

  std::atomic<size_t> pending_{0};

 private:
  mutable std::mutex mu_;
  std::vector<std::string> frames_;  // guarded by mu_
  bool closed_ = false;              // guarded by mu_
};

class StreamHubTest : public ::testing::Test {
 protected:
  StreamHubTest() : procedure_(testing::SeedProcedure("000-three-level-support.toml")) {}

  // Opens a ticket, then adds `notes` internal notes to it one commit at a time.
  void Commit(int notes, StreamHub* hub = nullptr) {
    if (ticket_.id == 0) {
      auto d = core::Decide({}, testing::CreateFor("C-1"), at_, procedure_, 1).value();
      service::CommitRecord r{d.ticket, 0, d.events, {}, at_, "", "create"};
      ASSERT_TRUE(store_.Commit({&r, 1}));
      ticket_ = d.ticket;
    }
    for (int i = 0; i < notes; ++i) {
      core::Command note{"psc-anil", 1, core::cmd::Note{"n" + std::to_string(i), false}, ""};
      auto d = core::Decide(ticket_, note, at_, procedure_).value();
      service::CommitRecord r{d.ticket, ticket_.version, d.events, {}, at_, "", "note"};
      ASSERT_TRUE(store_.Commit({&r, 1}));
      ticket_ = d.ticket;
      if (hub != nullptr) hub->Notify();
    }
  }
  int64_t Head() { return store_.LastEventSeq().value(); }

  core::Procedure procedure_;
  store::MemoryStore store_;
  VirtualClock clock_{At("2026-01-05T10:00:00Z")};
  Timestamp at_ = At("2026-01-05T10:00:00Z");
  core::Ticket ticket_;
};

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
