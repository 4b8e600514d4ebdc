#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tierdesk::http {

// A place in the event log as a client's stream gives it (the SSE id, Last-Event-ID): the seq,
// sealed (XSalsa20-Poly1305 under a key of the desk's), so that a client learns nothing of how
// much happens on the whole desk from the gaps between its ids, and cannot name a place it was
// not given. Staff streams give the seq itself.
class StreamCursorSeal {
 public:
  // `key`: any secret of the desk's, the same on every node (the mailed links' key); the
  // sealing key is derived from it and `purpose` ("stream", "timeline"), so a place sealed for
  // one use is not taken for another. Empty key: a random one, good for this process only.
  explicit StreamCursorSeal(std::string_view key = {}, std::string_view purpose = "stream");

  std::string Seal(int64_t seq) const;
  // The seq, or nullopt for anything this desk did not seal.
  std::optional<int64_t> Open(std::string_view sealed) const;

 private:
  std::string key_;  // crypto_secretbox_KEYBYTES
};

// A place as the API gave it: sealed by `seal` for a client (`sealed`), else the seq itself
// (a non-negative number). Nullopt for anything else.
std::optional<int64_t> ParsePlace(std::string_view text, bool sealed, const StreamCursorSeal& seal);

}  // namespace tierdesk::http
