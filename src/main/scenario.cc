#include "main/scenario.h"

#include <date/tz.h>

#include <fstream>
#include <sstream>

#include "json/codec.h"
#include "procedure/loader.h"

namespace tierdesk::cli {

namespace {

// Splits "a b {json...}" into words up to the first '{'; the rest is returned whole.
std::vector<std::string> Words(const std::string& text, std::string& json_tail) {
  std::vector<std::string> words;
  size_t pos = 0;
  while (pos < text.size()) {
    while (pos < text.size() && std::isspace(static_cast<unsigned char>(text[pos]))) ++pos;
    if (pos >= text.size()) break;
    if (text[pos] == '{') {
      size_t end = text.rfind('}');
      json_tail = text.substr(pos, end == std::string::npos ? std::string::npos : end - pos + 1);
      pos = end == std::string::npos ? text.size() : end + 1;
      continue;
    }
    size_t start = pos;
    // key="quoted value" stays one word.
    bool quoted = false;
    while (pos < text.size() && (quoted || !std::isspace(static_cast<unsigned char>(text[pos])))) {
      if (text[pos] == '"') quoted = !quoted;
      ++pos;
    }
    words.push_back(text.substr(start, pos - start));
  }
  return words;
}

Result<Timestamp> LocalTime(const std::string& day, const std::string& time,
                            const date::time_zone* zone) {
  // HH:MM, or HH:MM:SS where a target is checked to the second.
  auto utc = ParseTimestamp(day + "T" + time + (time.size() == 5 ? ":00Z" : "Z"));
  if (!utc) return tl::unexpected(utc.error());
  date::local_seconds local{utc->time_since_epoch()};
  return zone->to_sys(local, date::choose::earliest);
}

}  // namespace

Result<Scenario> ReadScenario(const std::filesystem::path& path) {
  std::ifstream in(path);
  const std::string name = path.string();
  if (!in) return Fail(ErrorCode::kNotFound, "cannot read '" + name + "'");
  Scenario s;
  const date::time_zone* zone = nullptr;
  std::optional<Timestamp> latest;  // the last `at` or `until` so far
  std::string text;
  int line = 0;
  auto bad = [&](const std::string& why) {
    return Fail(ErrorCode::kInvalidArgument, name + ":" + std::to_string(line) + ": " + why);
  };
  while (std::getline(in, text)) {
    ++line;
    if (text.rfind("# scenario:", 0) == 0) s.title = text.substr(11);
    if (text.find_first_not_of(" \t\r") == std::string::npos || text[0] == '#') continue;
    std::string json_tail;
    std::vector<std::string> w = Words(text, json_tail);
    const std::string& verb = w[0];
    if (verb == "procedure") {
      if (w.size() != 2) return bad("usage: procedure FILE");
      s.procedure_path = path.parent_path() / w[1];
      auto loaded = procedure::LoadProcedureFile(s.procedure_path);
      if (!loaded.procedure)
        return bad("invalid procedure:\n" +
                   procedure::FormatProblems(s.procedure_path.string(), loaded.problems));
      s.procedure = std::move(*loaded.procedure);
      zone = *LocateZone(s.procedure.time_zone);
      continue;
    }
    if (zone == nullptr) return bad("the first line must name the procedure");
    if (verb == "until") {
      if (w.size() != 3) return bad("usage: until YYYY-MM-DD HH:MM[:SS]");
      auto t = LocalTime(w[1], w[2], zone);
      if (!t) return bad(t.error().message);
      s.until = *t;
      latest = *t;
    } else if (verb == "at") {
      // at DAY TIME ACTOR CMD [TD-n] [{json}] [!code]
      if (w.size() < 5)
        return bad("usage: at YYYY-MM-DD HH:MM[:SS] ACTOR COMMAND [TD-n] [{...}] [!code]");
      auto t = LocalTime(w[1], w[2], zone);
      if (!t) return bad(t.error().message);
      service::ReplayStep step;
      step.line = line;
      step.at = *t;
      json::Json j =
          json_tail.empty() ? json::Json::object() : json::Json::parse(json_tail, nullptr, false);
      if (j.is_discarded() || !j.is_object())
        return bad("the command's fields are not a JSON object");
      j["actor"] = w[3];
      j["cmd"] = w[4];
      for (size_t i = 5; i < w.size(); ++i) {
        if (w[i].rfind("TD-", 0) == 0)
          j["ticket"] = w[i];
        else if (w[i][0] == '!')
          step.expect_error = w[i].substr(1);
        else
          return bad("unexpected '" + w[i] + "'");
      }
      auto command = json::CommandFromJson(j);
      if (!command) return bad(command.error().ToString());
      step.command = std::move(*command);
      if (!s.steps.empty() && step.at < s.steps.back().at) return bad("time goes backwards");
      latest = step.at;
      s.steps.push_back(std::move(step));
    } else if (verb == "expect" || verb == "expect-none") {
      Expectation e;
      e.line = line;
      e.negate = verb == "expect-none";
      if (e.negate) e.so_far = latest;
      size_t i = 1;
      if (!e.negate) {
        if (w.size() < 5) return bad("usage: expect YYYY-MM-DD HH:MM[:SS] TD-n TYPE [key=value ...]");
        auto t = LocalTime(w[1], w[2], zone);
        if (!t) return bad(t.error().message);
        e.at = *t;
        i = 3;
      }
      if (w.size() < i + 2) return bad("usage: expect-none TD-n TYPE [key=value ...]");
      e.ticket = w[i];
      e.type = w[i + 1];
      for (i += 2; i < w.size(); ++i) {
        auto eq = w[i].find('=');
        if (eq == std::string::npos) return bad("expected key=value, got '" + w[i] + "'");
        std::string value = w[i].substr(eq + 1);
        if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
          value = value.substr(1, value.size() - 2);
        e.fields.emplace_back(w[i].substr(0, eq), value);
      }
      s.expectations.push_back(std::move(e));
    } else {
      return bad("unknown line '" + verb + "' (known: procedure, at, until, expect, expect-none)");
    }
  }
  if (zone == nullptr) return Fail(ErrorCode::kInvalidArgument, name + ": names no procedure");
  return s;
}

std::vector<std::string> CheckExpectations(const Scenario& scenario, const std::string& name,
                                           const std::vector<TimelineEntry>& timeline) {
  std::vector<std::string> failures;
  auto zone = *LocateZone(scenario.procedure.time_zone);
  for (const Expectation& e : scenario.expectations) {
    auto matches = [&](const TimelineEntry& entry) {
      const auto& j = entry.line;
      if (e.at && entry.at != *e.at) return false;
      if (e.so_far && entry.at > *e.so_far) return false;
      if (j.value("ticket", "") != e.ticket || j.value("type", "") != e.type) return false;
      for (const auto& [key, value] : e.fields) {
        if (!j.contains(key)) return false;
        const auto& v = j[key];
        if ((v.is_string() ? v.get<std::string>() : v.dump()) != value) return false;
      }
      return true;
    };
    bool found = std::any_of(timeline.begin(), timeline.end(), matches);
    if (found == e.negate) {
      std::string what = e.ticket + " " + e.type;
      for (const auto& [k, v] : e.fields) what += " " + k + "=" + v;
      if (e.at) what = FormatTimestamp(*e.at, zone) + " " + what;
      std::string near;
      for (const auto& entry : timeline)
        if (entry.line.value("type", "") == e.type && entry.line.value("ticket", "") == e.ticket)
          near += "\n    seen: " + entry.line.dump();
      failures.push_back(name + ":" + std::to_string(e.line) + ": " +
                         (e.negate ? "unexpected: " : "missing: ") + what + near);
    }
  }
  return failures;
}

}  // namespace tierdesk::cli
