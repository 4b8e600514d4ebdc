#include "http/auth/credential_cache.h"

namespace tierdesk::http {

std::optional<CredentialCache::Credential> CredentialCache::Find(const std::string& hash,
                                                                 SteadyTime now) const {
  std::lock_guard lock(mu_);
  auto it = entries_.find(hash);
  if (it == entries_.end() || now - it->second.read_at >= ttl_) return std::nullopt;
  return it->second.credential;
}

uint64_t CredentialCache::Generation() const {
  std::lock_guard lock(mu_);
  return generation_;
}

void CredentialCache::Put(const std::string& hash, Credential credential, SteadyTime now,
                          uint64_t generation) {
  std::lock_guard lock(mu_);
  if (generation != generation_) return;  // something was forgotten since the read began
  if (entries_.size() >= capacity_ && !entries_.contains(hash)) entries_.clear();
  entries_.insert_or_assign(hash, Entry{std::move(credential), now});
}

void CredentialCache::Forget(const std::string& hash) {
  std::lock_guard lock(mu_);
  entries_.erase(hash);
  ++generation_;
}

}  // namespace tierdesk::http
