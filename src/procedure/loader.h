#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/procedure.h"

namespace tierdesk::procedure {

// One thing wrong with a procedure file, at a 1-based line (0 when the file as a whole).
struct Problem {
  int line = 0;
  std::string message;
};

struct LoadResult {
  std::optional<core::Procedure> procedure;  // set only when `problems` is empty
  std::vector<Problem> problems;             // every problem found, sorted by line
};

// How the files a procedure names (`holidays_ical`) may be read.
struct FileRules {
  // For text from the network: each file is named relative to the base folder and stays inside
  // it (no absolute path, no `..`), so a caller cannot have the server read any file it can.
  bool inside_base_dir = false;
};

// The most an iCalendar holiday file may hold; it must also be a regular file (not a device).
inline constexpr size_t kMaxIcalBytes = 1 << 20;

// Reads, parses and validates a procedure file (TOML). iCalendar holiday files it names are
// read relative to the file's folder.
LoadResult LoadProcedureFile(const std::filesystem::path& path);
// The same from text; `base_dir` resolves relative file names inside it.
LoadResult LoadProcedureText(std::string_view text, const std::string& source_name,
                             const std::filesystem::path& base_dir, FileRules files = {});

// "file:line: message" lines, as `tierdesk validate` prints them.
std::string FormatProblems(const std::string& file, const std::vector<Problem>& problems);

}  // namespace tierdesk::procedure
