#pragma once

#include <string>
#include <string_view>

namespace tierdesk {

// `s` with ASCII letters lower-cased (addresses, header names, file extensions: what compares
// without regard to case in the protocols tierdesk speaks).
std::string AsciiLower(std::string_view s);

// `s` without the white space (as isspace says) at either end.
std::string TrimSpace(std::string_view s);

}  // namespace tierdesk
