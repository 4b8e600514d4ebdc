#include "main/timeline.h"

#include <iomanip>
#include <ostream>

#include "json/bounded.h"
#include "json/state_writer.h"

namespace tierdesk::cli {

namespace {

// "expected 'acknowledge TD-1' to be refused with permission_denied"
std::string ExpectedRefusal(const service::ReplayStep& step) {
  std::string what = step.command ? core::CommandName(step.command->body) : "tick";
  if (step.command && step.command->ticket) what += " " + core::TicketRef(step.command->ticket);
  return "expected '" + what + "' to be refused with " + step.expect_error;
}

}  // namespace

std::vector<TimelineEntry> TimelineOf(const service::Outcome& outcome,
                                      const date::time_zone* zone) {
  std::vector<TimelineEntry> out;
  for (const auto* events : {&outcome.events, &outcome.caused_events})
    for (const auto& e : *events) out.push_back({e.at, json::EventToJson(e, zone)});
  for (const auto* effects : {&outcome.effects, &outcome.caused_effects})
    for (const auto& e : *effects)
      out.push_back({outcome.at, json::EffectToJson(e, outcome.at, zone)});
  return out;
}

void TimelineRecorder::OnOutcome(const service::Outcome& outcome) {
  if (format_ == Format::kJson && !keep_) {
    // A replay's lines, written without building documents: a month prints millions.
    for (const auto* events : {&outcome.events, &outcome.caused_events})
      for (const auto& e : *events) out_ << json::EncodeEventLine(e, zone_) << '\n';
    for (const auto* effects : {&outcome.effects, &outcome.caused_effects})
      for (const auto& e : *effects) out_ << json::EncodeEffectLine(e, outcome.at, zone_) << '\n';
    return;
  }
  if (format_ == Format::kNone && !keep_) return;
  for (auto& entry : TimelineOf(outcome, zone_)) Record(std::move(entry));
}

void TimelineRecorder::Record(TimelineEntry entry) {
  Print(entry);
  if (keep_) entries_.push_back(std::move(entry));
}

void TimelineRecorder::OnRefused(const service::ReplayStep& step, const Error& error,
                                 bool expected) {
  json::Json line{
      {"at", FormatTimestamp(step.at, zone_)},
      {"ticket", step.command && step.command->ticket ? core::TicketRef(step.command->ticket)
                                                      : std::string()},
      {"type", "refused"},
      {"actor", step.command ? step.command->actor : std::string()},
      {"command", step.command ? core::CommandName(step.command->body) : ""},
      {"code", ErrorCodeName(error.code)},
      {"reason", error.message},
      {"line", step.line}};
  if (!error.field.empty()) line["field"] = error.field;
  Record(TimelineEntry{step.at, std::move(line)});
  if (expected) return;
  err_ << input_name_ << ":" << step.line << ": ";
  if (step.expect_error.empty())
    err_ << "refused: " << error.ToString() << "\n";
  else
    err_ << ExpectedRefusal(step) << ", but it was refused with " << error.ToString() << "\n";
}

void TimelineRecorder::OnAcceptedUnexpectedly(const service::ReplayStep& step) {
  err_ << input_name_ << ":" << step.line << ": " << ExpectedRefusal(step)
       << ", but it was accepted\n";
}

void TimelineRecorder::Print(const TimelineEntry& entry) {
  if (format_ == Format::kNone) return;
  if (format_ == Format::kJson) {
    out_ << json::Dump(entry.line) << "\n";
    return;
  }
  const auto& j = entry.line;
  std::string at = j["at"].get<std::string>();
  at[10] = ' ';
  out_ << at.substr(0, 19) << "  " << std::left << std::setw(6) << j["ticket"].get<std::string>()
       << " " << std::setw(22) << j["type"].get<std::string>() << " "
       << j["actor"].get<std::string>();
  if (j.contains("to")) out_ << " -> " << j["to"].get<std::string>();
  for (const auto& [key, value] : j.items()) {
    if (key == "at" || key == "ticket" || key == "type" || key == "actor" || key == "to") continue;
    std::string text = value.is_string() ? value.get<std::string>() : value.dump();
    if (text.empty()) continue;
    if (text.size() > 60) text = text.substr(0, 57) + "...";
    out_ << "  " << key << "=" << text;
  }
  out_ << "\n";
}

}  // namespace tierdesk::cli
