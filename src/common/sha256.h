#pragma once

#include <string>
#include <string_view>

namespace tierdesk {

// The hex SHA-256 of `bytes` (lower case): a stored file's address, by which the same bytes
// are stored once.
std::string Sha256Hex(std::string_view bytes);

}  // namespace tierdesk
