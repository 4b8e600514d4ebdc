#pragma once

#include <string>
#include <string_view>

namespace tierdesk {

// `text` safe inside HTML elements and double-quoted attributes.
std::string EscapeHtml(std::string_view text);

}  // namespace tierdesk
