#include "main/spool.h"

#include <unistd.h>

#include <cstdlib>
#include <string>

namespace tierdesk::cli {

Result<std::unique_ptr<Spool>> Spool::Open() {
  const char* dir = std::getenv("TMPDIR");
  std::string path =
      std::string(dir != nullptr && *dir != '\0' ? dir : "/tmp") + "/tierdesk-spool-XXXXXX";
  const int fd = mkstemp(path.data());
  if (fd < 0) return Fail(ErrorCode::kUnavailable, "cannot make a temporary file in " + path);
  auto spool = std::unique_ptr<Spool>(new Spool());
  spool->file_.open(path, std::ios::in | std::ios::out | std::ios::trunc | std::ios::binary);
  unlink(path.c_str());  // the open stream keeps the file; its name is gone
  close(fd);
  if (!spool->file_) return Fail(ErrorCode::kUnavailable, "cannot open a temporary file");
  return spool;
}

Status Spool::CopyTo(std::ostream& out) {
  file_.flush();
  if (!file_)
    return Fail(ErrorCode::kUnavailable, "the timeline could not be written (disk full?)");
  file_.seekg(0);
  if (file_.peek() != std::char_traits<char>::eof()) out << file_.rdbuf();
  file_.clear();
  if (!out) return Fail(ErrorCode::kUnavailable, "cannot write the output");
  return Ok();
}

}  // namespace tierdesk::cli
