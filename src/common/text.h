#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tierdesk {

// `s` with ASCII letters lower-cased (addresses, header names, file extensions: what compares
// without regard to case in the protocols tierdesk speaks).
std::string AsciiLower(std::string_view s);

// `s` without the white space (as isspace says) at either end.
std::string TrimSpace(std::string_view s);

// The positive number a reference names, with or without its prefix: "TD-42" or "42" for
// prefix "TD-"; nullopt for anything else.
std::optional<int64_t> ParseRef(std::string_view ref, std::string_view prefix);

}  // namespace tierdesk
