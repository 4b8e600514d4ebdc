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
  // sealing key is derived from it. Empty: a random key, good for this process only.
  explicit StreamCursorSeal(std::string_view key = {});

  std::string Seal(int64_t seq) const;
  // The seq, or nullopt for anything this desk did not seal.
  std::optional<int64_t> Open(std::string_view sealed) const;

 private:
  std::string key_;  // crypto_secretbox_KEYBYTES
};

}  // namespace tierdesk::http
