#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "core/procedure.h"
#include "http/live/event_stream.h"
#include "http/live/presence_board.h"
#include "http/live/stream_cursor.h"
#include "service/ports.h"

namespace tierdesk::http {

struct StreamHubOptions {
  // A comment line this often: RESTinio closes a response idle for its handle_request_timeout,
  // and proxies do the same.
  std::chrono::milliseconds keepalive{5000};
  // The log is read this often even without a commit notification (a safety net).
  std::chrono::milliseconds poll{1000};
  // Missing events a reconnect catches up on from the store; beyond, it is told to resync.
  int64_t max_backlog = 10000;
  int page = 500;  // events per read of the log
  // Bytes a stream may have queued and unwritten; a subscriber further behind is closed (it
  // reconnects with Last-Event-ID and catches up from the store).
  size_t max_pending_bytes = 1 << 20;
  Seconds presence_ttl{30};  // a presence without a heartbeat for this long expires
  // Each stream's credential is checked again this often (and at once on RecheckCredentials):
  // a session that ended or a token revoked elsewhere (the CLI, another node) ends its streams.
  std::chrono::milliseconds recheck{10000};
  int retry_ms = 2000;  // the browser's reconnection delay
  // Streams one credential (a session or a token) may hold open; beyond, 429. Each stream holds
  // a connection: without a bound one caller could take them all.
  size_t max_streams_per_credential = 8;
  size_t max_streams_per_actor = 32;
  size_t max_streams = 1024;  // streams in all; beyond, 503 (connections stay for requests)
  // A stream is closed after this long (the browser reconnects with Last-Event-ID and misses
  // nothing), so none is held for ever.
  std::chrono::seconds max_lifetime{3600};
  // A secret of the desk's (the mailed links' key): clients' stream ids are sealed under a key
  // derived from it, the same on every node. Empty: a key of this process.
  std::string cursor_key;
};

// Whom a stream is for: staff see every event; a client sees the client-visible events of
// their own tickets (core::ClientSees, the timeline's rule) and no presence.
struct StreamAudience {
  bool staff = false;
  std::string actor;      // the person, for staff: while the procedure names them
  std::string client_id;  // set for a client
  // The credential the stream was opened with (one of them): while it lasts, so does the
  // stream.
  std::string session_hash;
  std::string token_hash;
};

// Live updates for GET /api/v1/stream. One tailer thread, with its own store connection,
// follows the event log in seq order (woken by Notify after each commit, and polling as a
// safety net) and fans each event out as a frame to the subscribers in step with it. A
// subscriber that joins behind the log (Last-Event-ID) is caught up from the store on the
// same thread, a page at a time, and joins the live fan-out once its cursor reaches it: one
// reader of the log and a cursor per subscriber, so no event is missed or sent twice.
// Presence (who of the staff is on which ticket) goes to staff streams, without an id.
// Thread-safe.
class StreamHub {
 public:
  class Slot {
   public:
    Slot(StreamHub& hub, std::string credential, std::string actor)
        : hub_(hub), credential_(std::move(credential)), actor_(std::move(actor)) {}
    ~Slot();
    Slot(const Slot&) = delete;
    Slot& operator=(const Slot&) = delete;

   private:
    StreamHub& hub_;
    std::string credential_;
    std::string actor_;
  };

  // `reader` is used by the tailer thread only; `clock` dates presence.
  StreamHub(service::Store& reader, const Clock& clock, StreamHubOptions options = {});
  ~StreamHub();

  // The procedure in force (it changes on a reload): a staff stream lasts while it names the
  // stream's person. Without it staff streams are not checked.
  void SetProcedure(std::function<const core::Procedure*()> in_force) {
    std::lock_guard lock(mu_);
    procedure_ = std::move(in_force);
  }

  // Reads where the log ends (new streams start there) and starts the tailer.
  [[nodiscard]] Status Start();
  // Closes every stream and joins the tailer. Idempotent.
  void Stop();

  // Something was committed: read the log now. Any thread; never waits for the fan-out.
  void Notify();

  // A place for one more stream of `credential` (its session's or token's digest) of `actor`,
  // held until the stream it is given to ends, or until the slot is dropped unused. Null when
  // the credential has max_streams_per_credential open, or the actor (however many sessions and
  // tokens they hold) max_streams_per_actor (`over_all` false), or the hub max_streams (true).
  std::shared_ptr<Slot> Reserve(const std::string& credential, const std::string& actor = {},
                                bool* over_all = nullptr);

  // Adds a stream: after event `since` when given (Last-Event-ID), else from the head of the
  // log. More than max_backlog events behind, or ahead of the log, it gets `resync` instead.
  // `slot` (from Reserve; may be null in tests) is released when the stream ends.
  void Subscribe(std::shared_ptr<EventStream> stream, StreamAudience audience,
                 std::optional<int64_t> since, std::shared_ptr<Slot> slot = nullptr);

  // A place in the log as a stream of this audience names it (the id it was given): the seq
  // for staff, sealed for clients. Nullopt when it is not one.
  std::optional<int64_t> ParsePlace(std::string_view text, bool client) const;

  // Records `actor`'s presence on `ticket` ("viewing" or "writing") and tells staff streams.
  Presence MarkPresence(core::TicketId ticket, const std::string& actor, const std::string& state);

  // A session ended or a token was revoked: check every stream's credential now, and end
  // those whose credential is gone (with a `signed_out` event). Any thread; never waits.
  void RecheckCredentials();

  size_t subscribers() const;

 private:
  struct Subscriber {
    std::shared_ptr<EventStream> stream;
    StreamAudience audience;
    std::shared_ptr<Slot> slot;  // released with the subscriber
    std::chrono::steady_clock::time_point closes_at{};
    int64_t cursor = 0;   // every event up to here was sent or is not for this audience
    int64_t last_id = 0;  // the last id the peer was given
    // The procedure the staff member was last found in: looked up again only when it changes.
    const core::Procedure* staff_in = nullptr;
  };

  void Run();
  // Reads what the log gained and sends it to the subscribers in step with the log.
  void Tail();
  // One page of the log for each subscriber behind it; whether any is still behind.
  bool CatchUp();
  void ExpirePresence();
  // Ends the streams whose session or token no longer holds.
  void CloseSignedOut();
  // Whether `audience`'s credential still holds; true when the store cannot tell (a failed
  // read must not cut everyone off).
  bool StillSignedIn(const StreamAudience& audience);
  void KeepAlive();
  // Removes the closed subscribers. Caller holds mu_.
  void DropClosed();
  // The SSE id of place `seq` for `sub`: the seq, or sealed for a client.
  std::string IdFor(const Subscriber& sub, int64_t seq) const;
  // Whether `sub`, a staff stream, is of a person the procedure in force still names; if not,
  // it is told and closed. Caller holds mu_.
  bool StillStaff(Subscriber& sub);
  // Sends the events of `events` after `sub`'s cursor that its audience may see, and moves
  // the cursor past them. Caller holds mu_.
  void DeliverEvents(Subscriber& sub, const std::vector<service::SequencedEvent>& events,
                     const std::vector<std::string>* frames);
  // Sends `frame`, or closes a stream whose peer is too far behind. Caller holds mu_.
  bool Deliver(Subscriber& sub, std::string frame);
  void BroadcastPresence(const Presence& presence);  // caller holds mu_

  service::Store& reader_;  // the tailer thread's (and Start's)
  const Clock& clock_;
  const StreamHubOptions options_;

  mutable std::mutex mu_;
  std::vector<std::shared_ptr<Subscriber>> subscribers_;  // guarded by mu_
  int64_t head_ = 0;                                      // guarded by mu_: last seq fanned out
  bool closed_ = false;                                   // guarded by mu_
  PresenceBoard presence_;                                // changed under mu_, with its fan-out
  std::function<const core::Procedure*()> procedure_;     // guarded by mu_
  const StreamCursorSeal seal_;

  std::mutex slots_mu_;  // apart from mu_: a slot may be dropped with mu_ held
  // "c" credential or "a" actor -> streams open; guarded by slots_mu_
  std::map<std::string, size_t> slots_;
  size_t slots_total_ = 0;  // guarded by slots_mu_

  // Kept apart from mu_ so the engine's writer never waits for a fan-out.
  std::mutex wake_mu_;
  std::condition_variable wake_;
  bool woken_ = false;     // guarded by wake_mu_
  bool recheck_ = false;   // guarded by wake_mu_
  bool stopping_ = false;  // guarded by wake_mu_
  std::thread tailer_;
};

}  // namespace tierdesk::http
