#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "common/time.h"

namespace tierdesk::http {

// Credentials recently found valid in the store, so a request need not read it to know its
// caller (a token or session lookup on every request was a tenth of the server's work under
// load). Revocation-safe within a bound: a token revoked or a session ended through this server
// is forgotten at once (Forget); one revoked elsewhere (`tierdesk token revoke`, another node)
// is read again at most `ttl` after it was last read. Only valid credentials are kept, at most
// `capacity` (then the cache starts over), so unknown secrets cannot fill it. Thread-safe.
class CredentialCache {
 public:
  using SteadyTime = std::chrono::steady_clock::time_point;

  struct Credential {
    std::string actor;
    std::string id;          // what events name it by: "token <id>" or "session <digest prefix>"
    bool read_only = false;  // tokens
    std::string csrf_token;  // sessions
    Timestamp expires_at{};  // sessions: never trusted past this
    bool session = false;
  };

  explicit CredentialCache(std::chrono::milliseconds ttl = std::chrono::seconds(1),
                           size_t capacity = 10000)
      : ttl_(ttl), capacity_(capacity) {}

  // The credential whose secret has digest `hash`, if read from the store within ttl.
  std::optional<Credential> Find(const std::string& hash, SteadyTime now) const;
  // Moves on with every Forget. Read it before reading the store and hand it to Put: a read
  // that began before a revocation must not cache the credential again after it.
  uint64_t Generation() const;
  void Put(const std::string& hash, Credential credential, SteadyTime now, uint64_t generation);
  void Forget(const std::string& hash);

 private:
  struct Entry {
    Credential credential;
    SteadyTime read_at;
  };
  const std::chrono::milliseconds ttl_;
  const size_t capacity_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;  // guarded by mu_
  uint64_t generation_ = 0;                         // guarded by mu_
};

}  // namespace tierdesk::http
