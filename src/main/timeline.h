#pragma once

#include <iosfwd>
#include <vector>

#include "json/codec.h"
#include "service/replay.h"

namespace tierdesk::cli {

// One line of a replay's timeline: an event or an effect, with its instant.
struct TimelineEntry {
  Timestamp at;
  json::Json line;
};

// Turns outcomes into timeline entries (events first, then the mail and pages they caused).
std::vector<TimelineEntry> TimelineOf(const service::Outcome& outcome, const date::time_zone* zone);

// Collects the timeline and refusals of a replay; optionally prints them as they happen.
class TimelineRecorder final : public service::ReplayObserver {
 public:
  enum class Format { kNone, kJson, kText };
  // kKeep holds every entry for entries() (a scenario checks its expectations against them);
  // a replay only prints, so a month's timeline is never held whole.
  enum class Entries { kDrop, kKeep };
  TimelineRecorder(const date::time_zone* zone, Format format, std::ostream& out, std::ostream& err,
                   std::string input_name, Entries entries = Entries::kKeep)
      : zone_(zone),
        format_(format),
        keep_(entries == Entries::kKeep),
        out_(out),
        err_(err),
        input_name_(std::move(input_name)) {}

  void OnOutcome(const service::Outcome& outcome) override;
  // Steps that go against their expectation are reported on `err` as "input:line: ...",
  // saying what the step expected and what happened.
  void OnRefused(const service::ReplayStep& step, const Error& error, bool expected) override;
  void OnAcceptedUnexpectedly(const service::ReplayStep& step) override;

  const std::vector<TimelineEntry>& entries() const { return entries_; }

 private:
  void Print(const TimelineEntry& entry);
  void Record(TimelineEntry entry);

  const date::time_zone* zone_;
  Format format_;
  bool keep_;
  std::ostream& out_;
  std::ostream& err_;
  std::string input_name_;
  std::vector<TimelineEntry> entries_;
};

}  // namespace tierdesk::cli
