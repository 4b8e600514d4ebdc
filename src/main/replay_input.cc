#include "main/replay_input.h"

#include "json/codec.h"

namespace tierdesk::cli {

Result<std::vector<service::ReplayStep>> ReadReplayInput(std::istream& in,
                                                         const std::string& name) {
  std::vector<service::ReplayStep> steps;
  std::string text;
  int line = 0;
  auto bad = [&](const std::string& why) {
    return Fail(ErrorCode::kInvalidArgument, name + ":" + std::to_string(line) + ": " + why);
  };
  while (std::getline(in, text)) {
    ++line;
    if (text.find_first_not_of(" \t\r") == std::string::npos || text[0] == '#') continue;
    json::Json j = json::Json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded()) return bad("not valid JSON");
    if (!j.is_object()) return bad("each line must be a JSON object");
    service::ReplayStep step;
    step.line = line;
    if (!j.contains("at") || !j["at"].is_string()) return bad("missing 'at' (an RFC 3339 instant)");
    auto at = ParseTimestamp(j["at"].get<std::string>());
    if (!at) return bad(at.error().message);
    step.at = *at;
    if (!steps.empty() && step.at < steps.back().at)
      return bad("'at' goes back in time: lines must be in time order");
    if (j.contains("expect_error")) {
      if (!j["expect_error"].is_string()) return bad("'expect_error' must be an error code name");
      step.expect_error = j["expect_error"].get<std::string>();
    }
    if (j.value("cmd", "") != "tick") {
      auto command = json::CommandFromJson(j);
      if (!command) return bad(command.error().ToString());
      step.command = std::move(*command);
    } else if (!step.expect_error.empty()) {
      return bad("a tick is never refused: 'expect_error' belongs on a command");
    }
    steps.push_back(std::move(step));
  }
  return steps;
}

}  // namespace tierdesk::cli
