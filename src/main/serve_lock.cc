#include "main/serve_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace tierdesk::cli {

Result<ServeLock> ServeLock::Acquire(const std::string& db) {
  const std::string path = db + ".serve.lock";
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0)
    return Fail(ErrorCode::kUnavailable, "cannot open " + path + ": " + std::strerror(errno));
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    char holder[32] = {};
    const ssize_t n = ::pread(fd, holder, sizeof holder - 1, 0);
    ::close(fd);
    return Fail(ErrorCode::kFailedPrecondition,
                "another tierdesk serve is running on " + db +
                    (n > 0 ? " (pid " + std::string(holder, size_t(n)) + ")" : std::string()));
  }
  const std::string pid = std::to_string(::getpid());
  if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, pid.data(), pid.size(), 0) < 0) {
    // The pid is only for the message above; the lock is what counts.
  }
  return ServeLock(fd);
}

ServeLock::~ServeLock() {
  if (fd_ >= 0) ::close(fd_);  // closing releases the flock
}

}  // namespace tierdesk::cli
