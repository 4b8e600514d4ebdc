#pragma once

#include <string>

#include "common/result.h"

namespace tierdesk::cli {

// One `serve` per database: two would each run an engine, fire every deadline twice and race
// each other's commits. Held as an exclusive flock on "<db>.serve.lock" (released by the
// kernel when the process ends, however it ends); the file names the holder's pid.
class ServeLock {
 public:
  // kFailedPrecondition naming the holder when another process serves `db`.
  [[nodiscard]] static Result<ServeLock> Acquire(const std::string& db);
  ServeLock(ServeLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  ServeLock& operator=(ServeLock&&) = delete;
  ~ServeLock();

 private:
  explicit ServeLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace tierdesk::cli
