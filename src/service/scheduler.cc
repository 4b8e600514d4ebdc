#include "service/scheduler.h"

#include <algorithm>
#include <functional>

namespace tierdesk::service {

namespace {
// A ticket may run several consult clocks ("consult:dba", "consult:network-ops"): each kind is
// held once, at its earliest, and fired by the kind's name (Ticket::FindDueClock).
constexpr const char* kClockNames[] = {core::clocks::kHandOff,      core::clocks::kResponse,
                                       core::clocks::kAck,          core::clocks::kNextUpdate,
                                       core::clocks::kStatusUpdate, core::clocks::kResolution,
                                       core::clocks::kHierarchy,    core::clocks::kSignOff,
                                       core::clocks::kConsult,      core::clocks::kConsultPage};
static_assert(std::size(kClockNames) == 10);
}  // namespace

int Scheduler::ClockIndex(std::string_view name) {
  const std::string_view kind = core::clocks::KindOf(name);
  for (int i = 0; i < int(std::size(kClockNames)); ++i)
    if (kind == kClockNames[i]) return i;
  return -1;
}

const char* Scheduler::ClockName(int index) { return kClockNames[index]; }

Status Scheduler::Rebuild(TicketStore& store) {
  auto deadlines = store.LoadDeadlines();
  if (!deadlines) return tl::unexpected(deadlines.error());
  heap_.clear();
  ahead_.clear();
  due_by_key_.clear();
  heap_.reserve(deadlines->size());
  due_by_key_.reserve(deadlines->size());
  for (const Deadline& d : *deadlines) {
    int index = ClockIndex(d.clock);
    if (index < 0) continue;
    uint64_t key = uint64_t(d.ticket) * kClockKinds + index;
    int64_t due = d.due.time_since_epoch().count();
    auto [it, added] = due_by_key_.emplace(key, due);
    if (!added && it->second <= due) continue;  // a kind held once, at its earliest
    it->second = due;
    heap_.push_back({due, key});
  }
  std::make_heap(heap_.begin(), heap_.end(), std::greater<>());
  return Ok();
}

void Scheduler::Push(uint64_t key, int64_t due) {
  due_by_key_[key] = due;
  heap_.push_back({due, key});
  std::push_heap(heap_.begin(), heap_.end(), std::greater<>());
}

void Scheduler::Add(const std::vector<Deadline>& deadlines) {
  std::unordered_map<uint64_t, int64_t> earliest;  // of each key claimed (a kind held once)
  for (const Deadline& d : deadlines) {
    const int index = ClockIndex(d.clock);
    if (index < 0) continue;
    const uint64_t key = uint64_t(d.ticket) * kClockKinds + index;
    const int64_t due = d.due.time_since_epoch().count();
    auto [it, added] = earliest.emplace(key, due);
    if (!added) it->second = std::min(it->second, due);
  }
  for (const auto& [key, due] : earliest) {
    // One this node holds already came from its own commits, as new as the claim or newer.
    if (due_by_key_.contains(key)) continue;
    Push(key, due);
  }
}

void Scheduler::OnTicketDeadlines(core::TicketId ticket, const std::vector<Deadline>& deadlines) {
  int64_t wanted[kClockKinds];
  std::fill(std::begin(wanted), std::end(wanted), -1);
  for (const Deadline& d : deadlines)
    if (int i = ClockIndex(d.clock); i >= 0) {
      const int64_t due = d.due.time_since_epoch().count();
      wanted[i] = wanted[i] < 0 ? due : std::min(wanted[i], due);
    }
  for (uint64_t i = 0; i < kClockKinds; ++i) {
    const uint64_t key = uint64_t(ticket) * kClockKinds + i;
    auto it = due_by_key_.find(key);
    if (wanted[i] < 0) {
      if (it != due_by_key_.end()) due_by_key_.erase(it);  // its heap entry goes stale
    } else if (it == due_by_key_.end() || it->second != wanted[i]) {
      Push(key, wanted[i]);
    }
  }
  if (heap_.size() > 2 * due_by_key_.size() + 1024) Compact();
}

void Scheduler::Compact() {
  heap_.clear();
  ahead_.clear();  // their live deadlines are back in the heap
  for (const auto& [key, due] : due_by_key_) heap_.push_back({due, key});
  std::make_heap(heap_.begin(), heap_.end(), std::greater<>());
}

bool Scheduler::Live(const Entry& e) const {
  auto it = due_by_key_.find(e.key);
  return it != due_by_key_.end() && it->second == e.due;
}

std::optional<Timestamp> Scheduler::NextDue() {
  while (!ahead_.empty() && !Live(ahead_.front())) ahead_.pop_front();
  while (!heap_.empty() && !Live(heap_.front())) {
    std::pop_heap(heap_.begin(), heap_.end(), std::greater<>());
    heap_.pop_back();
  }
  std::optional<int64_t> next;
  if (!ahead_.empty()) next = ahead_.front().due;
  if (!heap_.empty() && (!next || heap_.front().due < *next)) next = heap_.front().due;
  if (!next) return std::nullopt;
  return Timestamp{Seconds{*next}};
}

void Scheduler::LineUp(int64_t now, size_t depth, size_t batch) {
  std::vector<core::TicketId> read_ahead;
  // A deadline armed since the queue was lined up may be due before its tail; it waits its
  // turn behind it, which in a burst is a slice or two.
  while (ahead_.size() < depth && !heap_.empty() && heap_.front().due <= now) {
    const Entry top = heap_.front();
    std::pop_heap(heap_.begin(), heap_.end(), std::greater<>());
    heap_.pop_back();
    if (!Live(top)) continue;
    if (ahead_.size() >= batch) read_ahead.push_back(core::TicketId(top.key / kClockKinds));
    ahead_.push_back(top);
  }
  if (!read_ahead.empty() && service_ != nullptr) service_->store().ReadAhead(read_ahead);
}

void Scheduler::TakeDue(int64_t now, size_t limit, std::vector<Deadline>& out) {
  while (!ahead_.empty() && out.size() < limit && ahead_.front().due <= now) {
    const Entry next = ahead_.front();
    ahead_.pop_front();
    auto it = due_by_key_.find(next.key);
    if (it == due_by_key_.end() || it->second != next.due) continue;  // stale
    due_by_key_.erase(it);
    out.push_back({core::TicketId(next.key / kClockKinds), ClockName(int(next.key % kClockKinds)),
                   Timestamp{Seconds{next.due}}});
  }
}

size_t Scheduler::ApproximateBytes() const {
  // Heap storage plus the hash map's nodes (key, value, next pointer, cached hash) and buckets.
  const size_t node = sizeof(void*) + sizeof(std::pair<const uint64_t, int64_t>) + sizeof(size_t);
  return (heap_.capacity() + ahead_.size()) * sizeof(Entry) + due_by_key_.size() * node +
         due_by_key_.bucket_count() * sizeof(void*);
}

}  // namespace tierdesk::service
