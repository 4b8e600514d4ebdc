#include "common/time.h"

#include <date/date.h>
#include <date/tz.h>

#include <cctype>
#include <charconv>
#include <cstdio>

namespace tierdesk {

namespace {

bool ReadInt(std::string_view s, size_t pos, size_t len, int& out) {
  if (pos + len > s.size()) return false;
  for (size_t i = pos; i < pos + len; ++i)
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  std::from_chars(s.data() + pos, s.data() + pos + len, out);
  return true;
}

}  // namespace

Result<Timestamp> ParseTimestamp(std::string_view s) {
  auto bad = [&] {
    return Fail(
        ErrorCode::kInvalidArgument,
        "'" + std::string(s) + "' is not an RFC 3339 instant like 2026-01-05T10:00:00+05:30");
  };
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
  if (!ReadInt(s, 0, 4, y) || s.size() < 16 || s[4] != '-' || !ReadInt(s, 5, 2, mo) ||
      s[7] != '-' || !ReadInt(s, 8, 2, d) || (s[10] != 'T' && s[10] != ' ') ||
      !ReadInt(s, 11, 2, h) || s[13] != ':' || !ReadInt(s, 14, 2, mi))
    return bad();
  size_t pos = 16;
  if (pos < s.size() && s[pos] == ':') {
    if (!ReadInt(s, pos + 1, 2, sec)) return bad();
    pos += 3;
  }
  if (pos < s.size() && s[pos] == '.') {  // fractional seconds are accepted and dropped
    ++pos;
    while (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos]))) ++pos;
  }
  if (pos >= s.size()) return bad();
  Seconds offset{0};
  if (s[pos] == 'Z' || s[pos] == 'z') {
    ++pos;
  } else if (s[pos] == '+' || s[pos] == '-') {
    int oh = 0, om = 0;
    if (!ReadInt(s, pos + 1, 2, oh) || pos + 3 >= s.size() || s[pos + 3] != ':' ||
        !ReadInt(s, pos + 4, 2, om))
      return bad();
    offset = std::chrono::hours(oh) + Minutes(om);
    if (s[pos] == '-') offset = -offset;
    pos += 6;
  } else {
    return bad();
  }
  if (pos != s.size()) return bad();
  date::year_month_day ymd{date::year(y), date::month(mo), date::day(d)};
  if (!ymd.ok() || h > 23 || mi > 59 || sec > 60) return bad();
  return Timestamp{date::sys_days(ymd)} + std::chrono::hours(h) + Minutes(mi) + Seconds(sec) -
         offset;
}

std::string FormatTimestamp(Timestamp t, const date::time_zone* zone) {
  // Formatted by hand: date::format goes through iostreams and locales, which showed up as a
  // measurable share of API response time.
  Seconds offset{0};
  if (zone != nullptr) {
    // The zone's rules looked up once per period they hold (until the next DST change), per
    // thread: a page of 50 tickets formats 100 times, and the lookup was most of the cost.
    struct Period {
      const date::time_zone* zone = nullptr;
      Timestamp begin{}, end{};
      Seconds offset{0};
    };
    thread_local Period last;
    if (last.zone != zone || t < last.begin || t >= last.end) {
      const date::sys_info info = zone->get_info(t);
      last = {zone, Timestamp{info.begin.time_since_epoch()},
              Timestamp{info.end.time_since_epoch()}, info.offset};
    }
    offset = last.offset;
  }
  const auto local = t.time_since_epoch() + offset;
  const auto day = date::floor<date::days>(local);
  const date::year_month_day ymd{date::sys_days{day}};
  const auto secs = (local - day).count();
  const int year = int(ymd.year());
  char buf[40];
  int n;
  if (year >= 0 && year <= 9999) {
    // Digit by digit: snprintf was a tenth of a replay's time (it writes millions of these).
    auto two = [&](char* at, long long v) {
      at[0] = char('0' + v / 10);
      at[1] = char('0' + v % 10);
    };
    two(buf, year / 100);
    two(buf + 2, year % 100);
    buf[4] = '-';
    two(buf + 5, unsigned(ymd.month()));
    buf[7] = '-';
    two(buf + 8, unsigned(ymd.day()));
    buf[10] = 'T';
    two(buf + 11, secs / 3600);
    buf[13] = ':';
    two(buf + 14, secs / 60 % 60);
    buf[16] = ':';
    two(buf + 17, secs % 60);
    n = 19;
  } else {
    n = std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02lld:%02lld:%02lld", year,
                      unsigned(ymd.month()), unsigned(ymd.day()),
                      static_cast<long long>(secs / 3600), static_cast<long long>(secs / 60 % 60),
                      static_cast<long long>(secs % 60));
  }
  if (zone == nullptr) {
    buf[n++] = 'Z';
    return std::string(buf, n);
  }
  const auto off = std::chrono::duration_cast<Minutes>(offset).count();
  const auto abs_off = std::abs(off);
  buf[n++] = off < 0 ? '-' : '+';
  buf[n++] = char('0' + abs_off / 600 % 10);
  buf[n++] = char('0' + abs_off / 60 % 10);
  buf[n++] = ':';
  buf[n++] = char('0' + abs_off % 60 / 10);
  buf[n++] = char('0' + abs_off % 10);
  return std::string(buf, n);
}

Result<Seconds> ParseFineDuration(std::string_view s) {
  auto bad = [&] {
    return Fail(ErrorCode::kInvalidArgument,
                "'" + std::string(s) + "' is not a duration like 30s, 15m, 2h, 1h30m or 3d");
  };
  if (s.empty()) return bad();
  Seconds total{0};
  size_t pos = 0;
  while (pos < s.size()) {
    long value = 0;
    auto [end, ec] = std::from_chars(s.data() + pos, s.data() + s.size(), value);
    if (ec != std::errc() || value < 0) return bad();
    pos = end - s.data();
    char unit = pos < s.size() ? s[pos++] : 'm';
    int64_t unit_seconds = 0;
    switch (unit) {
      case 's':
        unit_seconds = 1;
        break;
      case 'm':
        unit_seconds = 60;
        break;
      case 'h':
        unit_seconds = 3600;
        break;
      case 'd':
        unit_seconds = 24 * 3600;
        break;
      case 'w':
        unit_seconds = 7 * 24 * 3600;
        break;
      default:
        return bad();
    }
    // Checked before multiplying: a huge number must be refused, not wrap around.
    if (value > (kMaxDuration.count() - total.count()) / unit_seconds)
      return Fail(ErrorCode::kInvalidArgument, "'" + std::string(s) + "' is longer than 3650 days");
    total += Seconds(value * unit_seconds);
  }
  return total;
}

Result<Minutes> ParseDuration(std::string_view s) {
  auto fine = ParseFineDuration(s);
  if (!fine) return tl::unexpected(fine.error());
  if (fine->count() % 60 != 0)
    return Fail(ErrorCode::kInvalidArgument,
                "'" + std::string(s) + "' is not a whole number of minutes");
  return std::chrono::duration_cast<Minutes>(*fine);
}

std::string FormatDuration(Seconds d) {
  auto m = std::chrono::duration_cast<Minutes>(d).count();
  std::string out;
  if (m < 0) {
    out = "-";
    m = -m;
  }
  if (m >= 60) out += std::to_string(m / 60) + "h";
  if (m % 60 != 0 || m < 60) out += std::to_string(m % 60) + "m";
  return out;
}

Result<const date::time_zone*> LocateZone(std::string_view name) {
  try {
    return date::locate_zone(name);
  } catch (const std::exception&) {
    return Fail(ErrorCode::kNotFound, "unknown time zone '" + std::string(name) + "'");
  }
}

}  // namespace tierdesk
