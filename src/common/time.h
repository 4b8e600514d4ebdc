#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"

namespace date {
class time_zone;
}

namespace tierdesk {

// Instants are UTC seconds; sub-second precision has no meaning for support clocks.
using Timestamp = std::chrono::sys_seconds;
using Seconds = std::chrono::seconds;
using Minutes = std::chrono::minutes;

// An instant as UTC seconds since the epoch, as the stores and the ticket's stored state keep
// it, and back.
inline constexpr int64_t EpochSeconds(Timestamp t) { return t.time_since_epoch().count(); }
inline constexpr Timestamp FromEpochSeconds(int64_t s) { return Timestamp{Seconds{s}}; }

// Parses an RFC 3339 instant such as "2026-01-05T10:00:00+05:30" or "...Z".
// A value without an offset is rejected: an instant must not depend on the reader's zone.
[[nodiscard]] Result<Timestamp> ParseTimestamp(std::string_view text);

// Formats `t` as RFC 3339 in `zone` (UTC with a trailing Z when zone is null).
std::string FormatTimestamp(Timestamp t, const date::time_zone* zone = nullptr);

// Parses a duration such as "15m", "2h", "1h30m", "3d" (d = 24 hours of clock time, or of
// business time when the clock is on a business calendar). Bare numbers are minutes.
[[nodiscard]] Result<Minutes> ParseDuration(std::string_view text);
// The longest duration either parser takes: longer ones are mistakes or attacks, and must
// not overflow the instants they are added to.
inline constexpr Seconds kMaxDuration{3650LL * 24 * 3600};
// The same, with seconds too ("30s", "1m30s"), for timings below a minute (retries, say).
[[nodiscard]] Result<Seconds> ParseFineDuration(std::string_view text);
std::string FormatDuration(Seconds d);

// Looks up an IANA zone; kNotFound if the tz database does not know it.
[[nodiscard]] Result<const date::time_zone*> LocateZone(std::string_view name);

}  // namespace tierdesk
