#include "http/live/stream_hub.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <utility>

#include "core/visibility.h"
#include "http/api/views.h"
#include "json/bounded.h"
#include "json/codec.h"

namespace tierdesk::http {

namespace {

// SSE frames. `data` is one line of JSON (json::Dump escapes newlines inside strings); times
// are UTC. Ticket events carry their store seq as `id`, so the browser's Last-Event-ID is
// always a place in the log; presence has none.
// A client's frames carry a sealed id and no seq (StreamCursorSeal): `client_id` is given.
std::string EventFrame(const service::SequencedEvent& e,
                       const std::optional<std::string>& client_id = std::nullopt) {
  // Only events the audience may see reach here (MaySee).
  json::Json data = EventView(e.event, nullptr, client_id.has_value()).value_or(json::Json());
  if (!client_id) data["seq"] = e.seq;
  data["ref"] = core::TicketRef(e.event.ticket);
  return "id: " + client_id.value_or(std::to_string(e.seq)) +
         "\nevent: ticket\ndata: " + json::Dump(data) + "\n\n";
}

std::string ResyncFrame(int64_t head, const std::string& id, bool client) {
  return "id: " + id + "\nevent: resync\ndata: " +
         json::Dump(client ? json::Json::object() : json::Json{{"seq", head}}) + "\n\n";
}

std::string PresenceFrame(const Presence& p) {
  return "event: presence\ndata: " +
         json::Dump(json::Json{{"ref", core::TicketRef(p.ticket)},
                               {"actor", p.actor},
                               {"state", p.state},
                               {"expires", FormatTimestamp(p.expires)}}) +
         "\n\n";
}

bool MaySee(const StreamAudience& audience, const service::SequencedEvent& e) {
  return audience.staff || (e.client_id == audience.client_id && core::ClientSees(e.event));
}

}  // namespace

StreamHub::StreamHub(service::Store& reader, const Clock& clock, StreamHubOptions options)
    : reader_(reader),
      clock_(clock),
      options_(options),
      presence_(options.presence_ttl),
      seal_(options.cursor_key) {}

StreamHub::Slot::~Slot() {
  std::lock_guard lock(hub_.slots_mu_);
  for (const std::string key : {"c" + credential_, "a" + actor_})
    if (auto it = hub_.slots_.find(key); it != hub_.slots_.end() && --it->second == 0)
      hub_.slots_.erase(it);
  --hub_.slots_total_;
}

std::shared_ptr<StreamHub::Slot> StreamHub::Reserve(const std::string& credential,
                                                    const std::string& actor, bool* over_all) {
  std::lock_guard lock(slots_mu_);
  if (over_all != nullptr) *over_all = slots_total_ >= options_.max_streams;
  if (slots_total_ >= options_.max_streams) return nullptr;
  auto open = [&](const std::string& key) {
    auto it = slots_.find(key);
    return it == slots_.end() ? size_t{0} : it->second;
  };
  if (open("c" + credential) >= options_.max_streams_per_credential ||
      open("a" + actor) >= options_.max_streams_per_actor)
    return nullptr;
  ++slots_["c" + credential];
  ++slots_["a" + actor];
  ++slots_total_;
  return std::make_shared<Slot>(*this, credential, actor);
}

std::optional<int64_t> StreamHub::ParsePlace(std::string_view text, bool client) const {
  return http::ParsePlace(text, client, seal_);
}

std::string StreamHub::IdFor(const Subscriber& sub, int64_t seq) const {
  return sub.audience.client_id.empty() ? std::to_string(seq) : seal_.Seal(seq);
}

void StreamHub::DropClosed() {
  std::erase_if(subscribers_, [](const auto& sub) { return sub->stream->closed(); });
}

StreamHub::~StreamHub() { Stop(); }

Status StreamHub::Start() {
  auto head = reader_.LastEventSeq();
  if (!head) return tl::unexpected(head.error());
  {
    std::lock_guard lock(mu_);
    head_ = *head;
  }
  tailer_ = std::thread([this] { Run(); });
  return Ok();
}

void StreamHub::Stop() {
  {
    std::lock_guard lock(wake_mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (tailer_.joinable()) tailer_.join();
  std::lock_guard lock(mu_);
  closed_ = true;
  for (auto& sub : subscribers_) sub->stream->Close();
  subscribers_.clear();
}

void StreamHub::Notify() {
  {
    std::lock_guard lock(wake_mu_);
    woken_ = true;
  }
  wake_.notify_one();
}

void StreamHub::RecheckCredentials() {
  {
    std::lock_guard lock(wake_mu_);
    recheck_ = true;
  }
  wake_.notify_one();
}

void StreamHub::Subscribe(std::shared_ptr<EventStream> stream, StreamAudience audience,
                          std::optional<int64_t> since, std::shared_ptr<Slot> slot) {
  auto sub = std::make_shared<Subscriber>(
      Subscriber{std::move(stream), std::move(audience), std::move(slot),
                 std::chrono::steady_clock::now() + options_.max_lifetime});
  bool behind = false;
  {
    // Under mu_, so no fan-out or presence can come between this and the first frames.
    std::lock_guard lock(mu_);
    if (closed_) return sub->stream->Close();
    const bool resync = since && (*since > head_ || head_ - *since > options_.max_backlog);
    sub->cursor = since && !resync ? *since : head_;
    sub->last_id = sub->cursor;
    // The id tells a browser where to resume even if it is cut off before any event.
    Deliver(*sub, "retry: " + std::to_string(options_.retry_ms) +
                      "\nid: " + IdFor(*sub, sub->cursor) + "\n\n");
    if (resync)
      Deliver(*sub, ResyncFrame(head_, IdFor(*sub, head_), !sub->audience.client_id.empty()));
    if (sub->audience.staff)
      for (const Presence& p : presence_.Current()) Deliver(*sub, PresenceFrame(p));
    behind = sub->cursor < head_;
    subscribers_.push_back(std::move(sub));
  }
  if (behind) Notify();
}

Presence StreamHub::MarkPresence(core::TicketId ticket, const std::string& actor,
                                 const std::string& state) {
  std::lock_guard lock(mu_);
  Presence p = presence_.Mark(ticket, actor, state, clock_.Now());
  BroadcastPresence(p);
  return p;
}

size_t StreamHub::subscribers() const {
  std::lock_guard lock(mu_);
  return subscribers_.size();
}

void StreamHub::Run() {
  auto next_keepalive = std::chrono::steady_clock::now() + options_.keepalive;
  auto next_recheck = std::chrono::steady_clock::now() + options_.recheck;
  bool behind = false;
  while (true) {
    bool recheck = false;
    {
      std::unique_lock lock(wake_mu_);
      // A subscriber still catching up (held back while its peer reads) is retried soon.
      const auto until = std::min({next_keepalive, next_recheck,
                                   std::chrono::steady_clock::now() +
                                       (behind ? std::chrono::milliseconds(10) : options_.poll)});
      wake_.wait_until(lock, until, [&] { return stopping_ || woken_ || recheck_; });
      if (stopping_) return;
      woken_ = false;
      recheck = std::exchange(recheck_, false);
    }
    // Nothing may end this thread: a failed read is logged and tried again on the next round.
    try {
      Tail();
      behind = CatchUp();
      ExpirePresence();
      if (recheck || std::chrono::steady_clock::now() >= next_recheck) {
        CloseSignedOut();
        next_recheck = std::chrono::steady_clock::now() + options_.recheck;
      }
      if (std::chrono::steady_clock::now() >= next_keepalive) {
        KeepAlive();
        next_keepalive = std::chrono::steady_clock::now() + options_.keepalive;
      }
    } catch (const std::exception& e) {
      spdlog::warn("event stream: {}", e.what());
    }
  }
}

void StreamHub::Tail() {
  bool nobody;
  {
    std::lock_guard lock(mu_);
    nobody = subscribers_.empty();
  }
  if (nobody) {
    // Nobody to send to: only keep up with where the log ends, without reading and framing
    // every event (a busy desk with no page open paid that on every commit). One who joins
    // meanwhile starts at the older head and is caught up from the store.
    auto last = reader_.LastEventSeq();
    std::lock_guard lock(mu_);
    if (last) head_ = std::max(head_, *last);
    return;
  }
  while (true) {
    int64_t from;
    {
      std::lock_guard lock(mu_);
      from = head_;
    }
    auto events = reader_.EventsSince(from, options_.page);
    if (!events) {
      spdlog::warn("event stream: {}", events.error().message);
      return;
    }
    if (events->empty()) return;
    std::vector<std::string> frames;
    frames.reserve(events->size());
    for (const auto& e : *events) frames.push_back(EventFrame(e));
    {
      std::lock_guard lock(mu_);
      for (auto& sub : subscribers_)
        if (sub->cursor >= from) DeliverEvents(*sub, *events, &frames);  // the others catch up
      head_ = events->back().seq;
      DropClosed();
    }
    if (events->size() < size_t(options_.page)) return;
  }
}

bool StreamHub::CatchUp() {
  std::vector<std::shared_ptr<Subscriber>> behind;
  {
    std::lock_guard lock(mu_);
    for (const auto& sub : subscribers_)
      if (sub->cursor < head_) behind.push_back(sub);
  }
  bool still_behind = false;
  for (const auto& sub : behind) {
    // Its peer has not read the last pages yet: wait for it rather than queue more.
    if (sub->stream->Pending() > options_.max_pending_bytes / 2) {
      still_behind = !sub->stream->closed();
      continue;
    }
    int64_t from;
    {
      std::lock_guard lock(mu_);
      from = sub->cursor;  // only this thread moves a cursor once subscribed
    }
    auto events = reader_.EventsSince(from, options_.page);
    if (!events) {
      spdlog::warn("event stream: {}", events.error().message);
      return true;
    }
    std::lock_guard lock(mu_);
    DeliverEvents(*sub, *events, nullptr);
    // The log cannot end before head_; if it reads so, do not spin on it.
    if (events->empty()) sub->cursor = head_;
    still_behind |= sub->cursor < head_ && !sub->stream->closed();
  }
  return still_behind;
}

bool StreamHub::StillStaff(Subscriber& sub) {
  if (!sub.audience.staff || !procedure_) return true;
  const core::Procedure* in_force = procedure_();
  if (in_force == sub.staff_in) return true;
  if (in_force != nullptr && in_force->FindPerson(sub.audience.actor) == nullptr) {
    // Removed from the procedure: not one more event, internal notes least of all.
    Deliver(sub, "event: signed_out\ndata: {}\n\n");
    sub.stream->Close();
    return false;
  }
  sub.staff_in = in_force;
  return true;
}

void StreamHub::DeliverEvents(Subscriber& sub, const std::vector<service::SequencedEvent>& events,
                              const std::vector<std::string>* frames) {
  if (!StillStaff(sub)) return;
  for (size_t i = 0; i < events.size(); ++i) {
    const auto& e = events[i];
    if (e.seq <= sub.cursor) continue;  // caught up past it from the store already
    if (MaySee(sub.audience, e)) {
      const bool client = !sub.audience.client_id.empty();
      if (!Deliver(sub, client              ? EventFrame(e, IdFor(sub, e.seq))
                        : frames != nullptr ? (*frames)[i]
                                            : EventFrame(e)))
        return;
      sub.last_id = e.seq;
    }
    sub.cursor = e.seq;
  }
}

bool StreamHub::Deliver(Subscriber& sub, std::string frame) {
  if (sub.stream->closed()) return false;
  if (sub.stream->Pending() > options_.max_pending_bytes) {
    spdlog::info("event stream: closing a subscriber {} bytes behind", sub.stream->Pending());
    sub.stream->Close();
    return false;
  }
  return sub.stream->Send(std::move(frame));
}

void StreamHub::BroadcastPresence(const Presence& presence) {
  const std::string frame = PresenceFrame(presence);
  for (auto& sub : subscribers_)
    if (sub->audience.staff) Deliver(*sub, frame);
}

void StreamHub::ExpirePresence() {
  std::lock_guard lock(mu_);
  for (const Presence& gone : presence_.Expire(clock_.Now())) BroadcastPresence(gone);
}

bool StreamHub::StillSignedIn(const StreamAudience& audience) {
  if (!audience.token_hash.empty()) {
    auto token = reader_.FindApiToken(audience.token_hash);
    if (!token) return true;
    return *token && !(*token)->revoked_at;
  }
  if (!audience.session_hash.empty()) {
    auto session = reader_.FindSession(audience.session_hash, clock_.Now());
    return !session || session->has_value();
  }
  return true;  // a stream opened without a credential (a test's) has none to lose
}

void StreamHub::CloseSignedOut() {
  std::vector<std::shared_ptr<Subscriber>> open;
  {
    std::lock_guard lock(mu_);
    open = subscribers_;
  }
  // Read outside mu_: the store is this thread's alone, and fan-out must not wait for it.
  std::vector<std::shared_ptr<Subscriber>> gone;
  for (const auto& sub : open)
    if (!StillSignedIn(sub->audience)) gone.push_back(sub);
  std::lock_guard lock(mu_);
  for (const auto& sub : open) StillStaff(*sub);
  for (const auto& sub : gone) {
    // Told why, so the page signs in again instead of reconnecting to a refusal.
    Deliver(*sub, "event: signed_out\ndata: {}\n\n");
    sub->stream->Close();
  }
  DropClosed();
}

void StreamHub::KeepAlive() {
  std::lock_guard lock(mu_);
  const auto now = std::chrono::steady_clock::now();
  for (auto& sub : subscribers_) {
    // A client sees few of the log's events; moving its Last-Event-ID past those it was not
    // shown keeps a reconnect from reading them again (or being told to resync for them).
    if (sub->last_id < sub->cursor) {
      if (Deliver(*sub, ":ka\nid: " + IdFor(*sub, sub->cursor) + "\n\n"))
        sub->last_id = sub->cursor;
    } else {
      Deliver(*sub, ":ka\n\n");
    }
    // Past its lifetime: closed at a place it was just told, where its reconnect resumes.
    if (now >= sub->closes_at && sub->cursor >= head_) sub->stream->Close();
  }
  DropClosed();
}

}  // namespace tierdesk::http
