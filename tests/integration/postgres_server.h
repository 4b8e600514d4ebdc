#pragma once

// A real PostgreSQL 15 server for store tests: Debian's postgresql-15, initdb'd into a fresh
// temporary directory and started on a free loopback port (its Unix socket in that directory,
// never the system's). PostgreSQL refuses to run as root: as root, the server runs as the
// `postgres` user the package created. Password-less ("trust") for the role `tierdesk`, which
// is reachable from loopback only.

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "integration/loopback.h"
#include "integration/service_dir.h"

namespace tierdesk::testing {

class PostgresServer {
 public:
  PostgresServer() : dir_(ServiceDir::Make("/tmp/td-pg-XXXXXX")) {
    if (dir_.path.empty()) return;
    port_ = FreeLoopbackPort();
    initialised_ = Run({Bin("initdb"), "-D", (dir_.path / "data").string(), "-U", "tierdesk", "-A",
                        "trust", "-E", "UTF8", "--no-locale", "--no-sync"}) == 0;
    if (initialised_) Start();
  }
  ~PostgresServer() {
    if (running_) Stop("fast");
    std::error_code ignored;
    if (!dir_.path.empty() && !std::getenv("TIERDESK_KEEP_PG"))
      std::filesystem::remove_all(dir_.path, ignored);
  }
  PostgresServer(const PostgresServer&) = delete;
  PostgresServer& operator=(const PostgresServer&) = delete;

  bool running() const { return running_; }
  int port() const { return port_; }
  // A libpq URI for `database` as the role `tierdesk`.
  std::string Uri(const std::string& database = "postgres") const {
    return "postgresql://tierdesk@127.0.0.1:" + std::to_string(port_) + "/" + database;
  }

  // Creates the database `name` and returns its URI (the server's tests link libpqxx).
  std::string CreateDatabase(const std::string& name) const {
    pqxx::connection admin(Uri());
    pqxx::nontransaction tx(admin);
    tx.exec("CREATE DATABASE " + name);
    return Uri(name);
  }

  // Starts the server (again) and waits until it accepts connections.
  bool Start() {
    if (!initialised_) return false;
    running_ = Run({Bin("pg_ctl"), "-D", (dir_.path / "data").string(), "-l",
                    (dir_.path / "log").string(), "-w", "-t", "60", "-o",
                    "-c listen_addresses=127.0.0.1 -p " + std::to_string(port_) + " -k " +
                        dir_.path.string(),
                    "start"}) == 0;
    return running_;
  }
  // Stops it: "fast" rolls back open transactions and shuts down cleanly; "immediate" is a
  // crash as far as the data is concerned (recovery from the WAL at the next start).
  bool Stop(const std::string& mode) {
    const bool stopped =
        Run({Bin("pg_ctl"), "-D", (dir_.path / "data").string(), "-m", mode, "-w", "stop"}) == 0;
    if (stopped) running_ = false;
    return stopped;
  }

  // What the tools and the server said (for a failing test's message).
  std::string Log() const { return dir_.Logs({"tools.log", "log"}); }

 private:
  static std::string Bin(const std::string& tool) {
    const char* dir = std::getenv("TIERDESK_PG_BIN");
    return std::string(dir != nullptr ? dir : "/usr/lib/postgresql/15/bin") + "/" + tool;
  }

  // Runs a server tool as the data directory's owner; its exit status.
  int Run(std::vector<std::string> args) const {
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    const pid_t pid = ::fork();
    if (pid == 0) {
      // Its output goes to the log the tests read on failure, not to the test's own.
      if (!dir_.EnterAsOwner("tools.log")) ::_exit(126);
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
    int status = 0;
    if (pid < 0 || ::waitpid(pid, &status, 0) < 0) return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }

  ServiceDir dir_;
  int port_ = 0;
  bool initialised_ = false;
  bool running_ = false;
};

}  // namespace tierdesk::testing
