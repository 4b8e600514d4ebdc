#pragma once

// The procedure file a command runs, and `serve`'s replaced over the API
// (POST /api/v1/procedure).

#include <filesystem>
#include <string_view>

#include "common/result.h"
#include "http/api/api.h"
#include "service/ports.h"

namespace tierdesk::cli {

// The procedure file to run: `file` when given (--procedure), else the one `tierdesk init`
// recorded for the database. kFailedPrecondition saying what to do when there is neither.
[[nodiscard]] Result<std::string> ProcedureFileFor(service::SettingsStore& settings,
                                                   const std::string& file);

// Checks `text` as `tierdesk validate` would check it saved as `file`: relative iCalendar
// files resolve from the file's folder, and must stay inside it (the text comes from the
// network; what is on disk was put there by whoever runs the server).
http::Api::ProcedureCheck CheckProcedureText(const std::filesystem::path& file,
                                             std::string_view text);

// Replaces `file` with `text` so that a crash at any point leaves a whole file, old or new:
// the text goes to a temporary file in the same folder, is fsynced and renamed over `file`,
// and the folder is fsynced. The old contents are kept the same way as `<file>.previous` first.
// A symbolic link is followed (its target is replaced); the file's permissions are kept.
// kUnavailable (with the system's reason) if any step fails; `file` is then unchanged.
[[nodiscard]] Status ReplaceFileKeepingPrevious(const std::filesystem::path& file,
                                                std::string_view text);

}  // namespace tierdesk::cli
