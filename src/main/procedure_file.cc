#include "main/procedure_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "procedure/loader.h"

namespace tierdesk::cli {

namespace fs = std::filesystem;

Result<std::string> ProcedureFileFor(service::SettingsStore& settings, const std::string& file) {
  if (!file.empty()) return file;
  auto recorded = settings.GetSetting("procedure_path");
  if (!recorded) return tl::unexpected(recorded.error());
  if (!*recorded)
    return Fail(ErrorCode::kFailedPrecondition,
                "give --procedure, or run `tierdesk init` for this database");
  return **recorded;
}

http::Api::ProcedureCheck CheckProcedureText(const fs::path& file, std::string_view text) {
  auto loaded = procedure::LoadProcedureText(text, file.string(), file.parent_path(),
                                             {.inside_base_dir = true});
  http::Api::ProcedureCheck check{std::move(loaded.procedure), {}};
  for (auto& p : loaded.problems) check.problems.push_back({p.line, std::move(p.message)});
  return check;
}

namespace {

tl::unexpected<Error> SystemFailure(const std::string& doing, const fs::path& path) {
  return Fail(ErrorCode::kUnavailable, doing + " " + path.string() + ": " + std::strerror(errno));
}

fs::path FolderOf(const fs::path& file) {
  return file.has_parent_path() ? file.parent_path() : fs::path(".");
}

// Writes `data` to a new temporary file beside `target`, fsyncs it and renames it over `target`.
Status WriteAndRename(const fs::path& target, std::string_view data, mode_t mode) {
  std::string temp = (FolderOf(target) / ("." + target.filename().string() + ".XXXXXX")).string();
  const int fd = ::mkostemp(temp.data(), O_CLOEXEC);
  if (fd < 0) return SystemFailure("cannot create a temporary file beside", target);
  auto fail = [&](const std::string& doing) {
    auto error = SystemFailure(doing, temp);
    ::close(fd);
    ::unlink(temp.c_str());
    return error;
  };
  if (::fchmod(fd, mode) != 0) return fail("cannot set the permissions of");
  for (size_t done = 0; done < data.size();) {
    const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return fail("cannot write");
    done += size_t(n);
  }
  if (::fsync(fd) != 0) return fail("cannot sync");
  if (::close(fd) != 0) {
    auto error = SystemFailure("cannot close", temp);
    ::unlink(temp.c_str());
    return error;
  }
  if (::rename(temp.c_str(), target.c_str()) != 0) {
    auto error = SystemFailure("cannot rename the new file over", target);
    ::unlink(temp.c_str());
    return error;
  }
  return Ok();
}

// A rename is durable once the folder that holds the name is synced.
Status SyncFolder(const fs::path& folder) {
  const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return SystemFailure("cannot open the folder", folder);
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (!synced) return SystemFailure("cannot sync the folder", folder);
  return Ok();
}

}  // namespace

Status ReplaceFileKeepingPrevious(const fs::path& file, std::string_view text) {
  std::error_code ec;
  const fs::path target = fs::exists(file, ec) ? fs::canonical(file, ec) : file;
  if (ec)
    return Fail(ErrorCode::kUnavailable, "cannot resolve " + file.string() + ": " + ec.message());
  mode_t mode = 0644;
  if (struct stat st; ::stat(target.c_str(), &st) == 0) {
    mode = st.st_mode & 07777;
    std::ifstream in(target, std::ios::binary);
    std::stringstream old;
    old << in.rdbuf();
    if (!in) return SystemFailure("cannot read", target);
    if (auto kept = WriteAndRename(target.string() + ".previous", old.str(), mode); !kept)
      return kept;
  } else if (errno != ENOENT) {
    return SystemFailure("cannot inspect", target);
  }
  if (auto written = WriteAndRename(target, text, mode); !written) return written;
  return SyncFolder(FolderOf(target));
}

}  // namespace tierdesk::cli
