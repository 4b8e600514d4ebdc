#include "http/auth/login_guard.h"

#include <algorithm>

namespace tierdesk::http {

LoginGuard::Keys LoginGuard::KeysFor(const std::string& login, const std::string& address) {
  return {"login+address:" + login + '\x1f' + address, "login:" + login, "address:" + address};
}

std::optional<Seconds> LoginGuard::Wait(const Keys& keys,
                                        std::span<const service::LoginFailures> records,
                                        Timestamp now) const {
  std::optional<Seconds> wait;
  for (const service::LoginFailures& r : records) {
    const int free = r.key == keys.login_and_address ? limits_.free_failures_per_login_and_address
                     : r.key == keys.login           ? limits_.free_failures_per_login
                     : r.key == keys.address         ? limits_.free_failures_per_address
                                                     : -1;
    if (free < 0 || r.failures < free || r.last < ForgetBefore(now)) continue;
    const int doublings = int(std::min<int64_t>(r.failures - free, 30));
    const Seconds delay =
        std::min<Seconds>(limits_.base_delay * (int64_t{1} << doublings), limits_.max_delay);
    const Timestamp until = r.last + delay;
    if (now < until && (!wait || until - now > *wait)) wait = until - now;
  }
  return wait;
}

}  // namespace tierdesk::http
