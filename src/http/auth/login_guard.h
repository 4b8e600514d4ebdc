#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common/time.h"
#include "service/ports.h"

namespace tierdesk::http {

// How many wrong passwords are forgiven before each further try must wait, and how long.
struct LoginLimits {
  // One login tried from one address: someone guessing at a person's password.
  int free_failures_per_login_and_address = 5;  // then 1 s, 2 s, 4 s ... up to max_delay
  // One address trying many logins. Behind a reverse proxy this needs its trusted_proxies,
  // or every caller would share the proxy's address and its count.
  int free_failures_per_address = 20;
  // One login tried from many addresses: guessing spread out. High, so that failures made by
  // others from elsewhere do not keep a person out; a success clears it.
  int free_failures_per_login = 100;
  Seconds base_delay{1};
  Seconds max_delay{15 * 60};
  Seconds forget_after{24 * 3600};  // a record this quiet counts no more and is deleted
};

// Throttles password guessing: wrong passwords are counted in the store (so every node sees
// the same counts) under three keys, and after a key's free failures each further try waits,
// twice as long after each failure. Pure: the caller reads and writes the records.
class LoginGuard {
 public:
  explicit LoginGuard(LoginLimits limits = {}) : limits_(limits) {}

  // The records a try of `login` from `address` is judged by and counted under.
  struct Keys {
    std::string login_and_address, login, address;
    std::vector<std::string> All() const { return {login_and_address, login, address}; }
    // What a success clears: the login's own records, not the address's (one good account must
    // not unlock guessing at others from there).
    std::vector<std::string> OfTheLogin() const { return {login_and_address, login}; }
  };
  static Keys KeysFor(const std::string& login, const std::string& address);

  // The time to wait before trying, or nullopt to go ahead.
  std::optional<Seconds> Wait(const Keys& keys, std::span<const service::LoginFailures> records,
                              Timestamp now) const;
  // Records whose latest failure is before this count no more.
  Timestamp ForgetBefore(Timestamp now) const { return now - limits_.forget_after; }

 private:
  LoginLimits limits_;
};

}  // namespace tierdesk::http
