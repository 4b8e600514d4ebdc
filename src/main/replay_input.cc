#include "main/replay_input.h"

#include "json/codec.h"

namespace tierdesk::cli {

Error ReplayInputReader::Bad(const std::string& why) const {
  return Error{ErrorCode::kInvalidArgument, name_ + ":" + std::to_string(line_) + ": " + why};
}

Result<std::optional<service::ReplayStep>> ReplayInputReader::Next() {
  while (std::getline(in_, text_)) {
    ++line_;
    if (text_.find_first_not_of(" \t\r") == std::string::npos || text_[0] == '#') continue;
    json::Json j = json::Json::parse(text_, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded()) return tl::unexpected(Bad("not valid JSON"));
    if (!j.is_object()) return tl::unexpected(Bad("each line must be a JSON object"));
    service::ReplayStep step;
    step.line = line_;
    if (!j.contains("at") || !j["at"].is_string())
      return tl::unexpected(Bad("missing 'at' (an RFC 3339 instant)"));
    auto at = ParseTimestamp(j["at"].get<std::string>());
    if (!at) return tl::unexpected(Bad(at.error().message));
    step.at = *at;
    if (last_at_ && step.at < *last_at_)
      return tl::unexpected(Bad("'at' goes back in time: lines must be in time order"));
    last_at_ = step.at;
    if (j.contains("expect_error")) {
      if (!j["expect_error"].is_string())
        return tl::unexpected(Bad("'expect_error' must be an error code name"));
      step.expect_error = j["expect_error"].get<std::string>();
    }
    if (j.value("cmd", "") != "tick") {
      auto command = json::CommandFromJson(j);
      if (!command) return tl::unexpected(Bad(command.error().ToString()));
      step.command = std::move(*command);
    } else if (!step.expect_error.empty()) {
      return tl::unexpected(Bad("a tick is never refused: 'expect_error' belongs on a command"));
    }
    return std::optional<service::ReplayStep>(std::move(step));
  }
  if (in_.bad()) return tl::unexpected(Error{ErrorCode::kInvalidArgument, name_ + ": read error"});
  return std::optional<service::ReplayStep>();
}

}  // namespace tierdesk::cli
