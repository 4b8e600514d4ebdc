#pragma once

// Internal to procedure/: typed reads from a toml++ table that record a Problem (with the line)
// for every missing, mistyped or unknown key instead of stopping at the first.

#include <toml++/toml.h>

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/time.h"
#include "procedure/loader.h"

namespace tierdesk::procedure {

class TomlReader {
 public:
  std::vector<Problem>& problems() { return problems_; }

  static int LineOf(const toml::node& n) { return int(n.source().begin.line); }
  void Add(int line, std::string message) { problems_.push_back({line, std::move(message)}); }
  void Add(const toml::node& n, std::string message) { Add(LineOf(n), std::move(message)); }

  // Reports every key of `t` that is not in `allowed` (typos must not pass silently).
  void CheckKeys(const toml::table& t, std::initializer_list<std::string_view> allowed,
                 std::string_view where);

  std::string Str(const toml::table& t, std::string_view key, std::string_view where,
                  bool required = false);
  std::vector<std::string> StrList(const toml::table& t, std::string_view key,
                                   std::string_view where);
  std::optional<Minutes> Dur(const toml::table& t, std::string_view key, std::string_view where,
                             bool required = false);
  bool Bool(const toml::table& t, std::string_view key, std::string_view where, bool fallback);
  int Int(const toml::table& t, std::string_view key, std::string_view where, int fallback);
  // The sub-table at `key`, or null (a problem if present but not a table).
  const toml::table* Table(const toml::table& t, std::string_view key, std::string_view where);
  // The tables of the array at `key` (`[[key]]`); a problem for any element that is not one.
  std::vector<const toml::table*> Tables(const toml::table& t, std::string_view key,
                                         std::string_view where);
  // The line of `key` in `t`, else of `t` itself.
  static int LineOfKey(const toml::table& t, std::string_view key);

 private:
  std::vector<Problem> problems_;
};

}  // namespace tierdesk::procedure
