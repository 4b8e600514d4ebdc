#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace tierdesk::core {

// Inverse of a `const char* Name(E)` function over the enum's first N values.
template <class E, std::size_t N>
std::optional<E> ParseByName(std::string_view s, const char* (*name)(E)) {
  for (std::size_t i = 0; i < N; ++i)
    if (s == name(E(i))) return E(i);
  return std::nullopt;
}

}  // namespace tierdesk::core
