#pragma once

#include <atomic>
#include <mutex>
#include <vector>

#include "service/ports.h"

namespace tierdesk::http {

// The connections the API reads with, each used by one request at a time: a read borrows one
// for its duration, a free one first, else it waits its turn on one. Thread-safe.
class ReaderPool {
 public:
  explicit ReaderPool(std::vector<service::Store*> readers)
      : readers_(std::move(readers)), mus_(readers_.size()) {}

  // A connection held until the lease is destroyed.
  class Lease {
   public:
    Lease(std::unique_lock<std::mutex> lock, service::Store& store)
        : lock_(std::move(lock)), store_(store) {}
    service::Store* operator->() { return &store_; }
    service::Store& operator*() { return store_; }

   private:
    std::unique_lock<std::mutex> lock_;
    service::Store& store_;
  };
  Lease Borrow();

 private:
  std::vector<service::Store*> readers_;  // readers_[i] guarded by mus_[i]
  std::vector<std::mutex> mus_;
  std::atomic<size_t> next_{0};
};

}  // namespace tierdesk::http
