#include "http/api/reader_pool.h"

namespace tierdesk::http {

ReaderPool::Lease ReaderPool::Borrow() {
  const size_t n = readers_.size();
  const size_t start = next_.fetch_add(1) % n;
  for (size_t i = 0; i < n; ++i) {
    std::unique_lock lock(mus_[(start + i) % n], std::try_to_lock);
    if (lock.owns_lock()) return Lease(std::move(lock), *readers_[(start + i) % n]);
  }
  return Lease(std::unique_lock(mus_[start]), *readers_[start]);
}

}  // namespace tierdesk::http
