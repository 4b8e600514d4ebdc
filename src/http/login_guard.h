#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace tierdesk::http {

// How many wrong passwords are forgiven before each further try must wait, and how long.
struct LoginLimits {
  int free_failures_per_login = 5;     // then 1 s, 2 s, 4 s ... up to max_delay
  int free_failures_per_address = 20;  // an address trying many logins
  std::chrono::seconds base_delay{1};
  std::chrono::seconds max_delay{15 * 60};
  size_t max_tracked = 100000;  // entries kept; the quietest are forgotten first
};

// Throttles password guessing per login and per address, with exponential backoff after the
// free failures. A success clears the login's record (not the address's: one good account
// must not unlock guessing at others). Kept in memory: a restart forgives, which costs an
// attacker a restart they cannot cause. Thread-safe.
class LoginGuard {
 public:
  using Clock = std::chrono::steady_clock;
  explicit LoginGuard(LoginLimits limits = {}) : limits_(limits) {}

  // The time to wait before `login` may be tried from `address`, or nullopt to go ahead.
  std::optional<std::chrono::seconds> Wait(const std::string& login, const std::string& address,
                                           Clock::time_point now);
  void Failed(const std::string& login, const std::string& address, Clock::time_point now);
  void Succeeded(const std::string& login);

 private:
  struct Record {
    int failures = 0;
    Clock::time_point last{};
  };
  std::optional<std::chrono::seconds> WaitFor(const Record& r, int free,
                                              Clock::time_point now) const;
  void Note(std::unordered_map<std::string, Record>& map, const std::string& key,
            Clock::time_point now);

  LoginLimits limits_;
  std::mutex mu_;
  std::unordered_map<std::string, Record> logins_;     // guarded by mu_
  std::unordered_map<std::string, Record> addresses_;  // guarded by mu_
};

}  // namespace tierdesk::http
