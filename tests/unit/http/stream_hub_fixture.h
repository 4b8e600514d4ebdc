#pragma once

// A StreamHub's world in memory: streams that record what a peer would receive, and a store
// with one ticket to which notes are committed (for the hub's tests and the security suite).
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <string>
#include <vector>

#include "core/decide.h"
#include "http/live/stream_hub.h"
#include "store/memory/memory_store.h"
#include "test_support.h"

namespace tierdesk::http {

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

  std::vector<std::string> Frames() const {
    std::lock_guard lock(mu_);
    return frames_;
  }
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
  VirtualClock clock_{testing::At("2026-01-05T10:00:00Z")};
  Timestamp at_ = testing::At("2026-01-05T10:00:00Z");
  core::Ticket ticket_;
};

}  // namespace tierdesk::http
