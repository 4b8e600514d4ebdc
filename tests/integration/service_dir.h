#pragma once

// The working directory of a server the tests start from a Debian package (PostgreSQL,
// PgBouncer): fresh under /tmp, and owned by the user the server runs as. Both refuse to run as
// root, so as root that is the `postgres` user the postgresql-15 package created.

#include <pwd.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <sstream>
#include <string>

namespace tierdesk::testing {

struct ServiceDir {
  std::filesystem::path path;  // empty when it could not be made
  uid_t uid = 0;               // 0: run as this process's user (not root)
  gid_t gid = 0;

  // A new directory from `pattern` ("/tmp/td-pg-XXXXXX"), handed to `postgres` when root.
  static ServiceDir Make(std::string pattern) {
    ServiceDir dir;
    if (::mkdtemp(pattern.data()) == nullptr) return dir;
    if (::geteuid() == 0) {
      const passwd* pw = ::getpwnam("postgres");
      if (pw == nullptr || ::chown(pattern.c_str(), pw->pw_uid, pw->pw_gid) != 0) return dir;
      dir.uid = pw->pw_uid;
      dir.gid = pw->pw_gid;
    }
    dir.path = pattern;
    return dir;
  }

  // In a forked child, before exec: becomes the directory's owner (nothing to do when not
  // root) and sends stdout and stderr to `log` in it; false if it cannot become the owner.
  bool EnterAsOwner(const char* log) const {
    if (uid != 0 && (::setgid(gid) != 0 || ::setuid(uid) != 0)) return false;
    if (FILE* f = std::fopen((path / log).c_str(), "a")) {
      ::dup2(::fileno(f), STDOUT_FILENO);
      ::dup2(::fileno(f), STDERR_FILENO);
    }
    return true;
  }

  // The files' contents, each under a "== name" line (for a failing test's message).
  std::string Logs(std::initializer_list<const char*> files) const {
    std::stringstream text;
    for (const char* file : files) {
      std::ifstream in(path / file);
      text << "== " << file << "\n" << in.rdbuf();
    }
    return text.str();
  }
};

}  // namespace tierdesk::testing
