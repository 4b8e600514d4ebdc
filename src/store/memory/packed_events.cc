#include "store/memory/packed_events.h"

#include <cstring>

namespace tierdesk::store {

namespace {

void PutSize(size_t n, std::string& out) {
  // Seven bits a byte, low first: event strings are short, so mostly one byte.
  while (n >= 0x80) {
    out.push_back(char(0x80 | (n & 0x7f)));
    n >>= 7;
  }
  out.push_back(char(n));
}

void PutText(std::string_view text, std::string& out) {
  PutSize(text.size(), out);
  out.append(text);
}

size_t GetSize(std::string_view in, size_t& at) {
  size_t n = 0;
  for (int shift = 0;; shift += 7) {
    const auto byte = static_cast<unsigned char>(in[at++]);
    n |= size_t(byte & 0x7f) << shift;
    if (byte < 0x80) return n;
  }
}

std::string GetText(std::string_view in, size_t& at) {
  const size_t n = GetSize(in, at);
  std::string text(in.substr(at, n));
  at += n;
  return text;
}

}  // namespace

void PackEvent(const core::Event& e, std::string& log) {
  const int64_t at = e.at.time_since_epoch().count();
  log.append(reinterpret_cast<const char*>(&at), sizeof at);
  PutText(e.type, log);
  PutText(e.actor, log);
  PutText(e.to, log);
  PutSize(e.fields.size(), log);
  for (const auto& [key, value] : e.fields) {
    PutText(key, log);
    PutText(value, log);
  }
}

core::Event UnpackEvent(std::string_view log, size_t& offset, core::TicketId ticket) {
  core::Event e;
  e.ticket = ticket;
  int64_t at = 0;
  std::memcpy(&at, log.data() + offset, sizeof at);
  offset += sizeof at;
  e.at = Timestamp{Seconds{at}};
  e.type = GetText(log, offset);
  e.actor = GetText(log, offset);
  e.to = GetText(log, offset);
  const size_t fields = GetSize(log, offset);
  e.fields.reserve(fields);
  for (size_t i = 0; i < fields; ++i) {
    std::string key = GetText(log, offset);
    e.fields.emplace_back(std::move(key), GetText(log, offset));
  }
  return e;
}

}  // namespace tierdesk::store
