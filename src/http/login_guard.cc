#include "http/login_guard.h"

#include <algorithm>

namespace tierdesk::http {

std::optional<std::chrono::seconds> LoginGuard::WaitFor(const Record& r, int free,
                                                        Clock::time_point now) const {
  if (r.failures < free) return std::nullopt;
  const int doublings = std::min(r.failures - free, 30);
  const auto delay = std::min<std::chrono::seconds>(limits_.base_delay * (int64_t{1} << doublings),
                                                    limits_.max_delay);
  const auto until = r.last + delay;
  if (now >= until) return std::nullopt;
  return std::chrono::ceil<std::chrono::seconds>(until - now);
}

std::optional<std::chrono::seconds> LoginGuard::Wait(const std::string& login,
                                                     const std::string& address,
                                                     Clock::time_point now) {
  std::lock_guard lock(mu_);
  std::optional<std::chrono::seconds> wait;
  if (auto it = logins_.find(login); it != logins_.end())
    wait = WaitFor(it->second, limits_.free_failures_per_login, now);
  if (auto it = addresses_.find(address); it != addresses_.end())
    if (auto w = WaitFor(it->second, limits_.free_failures_per_address, now);
        w && (!wait || *w > *wait))
      wait = w;
  return wait;
}

void LoginGuard::Note(std::unordered_map<std::string, Record>& map, const std::string& key,
                      Clock::time_point now) {
  if (map.size() >= limits_.max_tracked && map.find(key) == map.end()) {
    // Forget records whose backoff has long run out; if none, the oldest one.
    const auto stale = now - 2 * limits_.max_delay;
    std::erase_if(map, [&](const auto& kv) { return kv.second.last < stale; });
    if (map.size() >= limits_.max_tracked)
      map.erase(std::min_element(map.begin(), map.end(), [](const auto& a, const auto& b) {
        return a.second.last < b.second.last;
      }));
  }
  Record& r = map[key];
  ++r.failures;
  r.last = now;
}

void LoginGuard::Failed(const std::string& login, const std::string& address,
                        Clock::time_point now) {
  std::lock_guard lock(mu_);
  Note(logins_, login, now);
  Note(addresses_, address, now);
}

void LoginGuard::Succeeded(const std::string& login) {
  std::lock_guard lock(mu_);
  logins_.erase(login);
}

}  // namespace tierdesk::http
