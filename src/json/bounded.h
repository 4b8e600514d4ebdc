#pragma once

// JSON from outside, read within bounds, and JSON out that can never throw.

#include <string>
#include <string_view>

#include "common/result.h"
#include "json/codec.h"

namespace tierdesk::json {

// Parses `text` as JSON nested at most `max_depth` arrays/objects deep. The depth is checked
// by a scan before the parser runs, so a hostile body a million levels deep costs one pass
// over its bytes and never reaches the recursive parts of the JSON library (destruction,
// comparison, dumping). nlohmann's lexer refuses invalid UTF-8 inside strings.
// kInvalidArgument naming what is wrong.
[[nodiscard]] Result<Json> ParseBounded(std::string_view text, size_t max_depth);

// `value` as text. Strings are valid UTF-8 when they came through the edges; should one not
// be, its bad bytes become U+FFFD instead of throwing, because this runs on the writer thread
// and in response callbacks where an exception would end the process.
std::string Dump(const Json& value, int indent = -1);

}  // namespace tierdesk::json
