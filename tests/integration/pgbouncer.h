#pragma once

// A real PgBouncer (Debian's pgbouncer 1.18) in front of a test PostgresServer, in transaction
// mode with fewer server connections than its clients hold: each transaction may run on a
// different server connection, so a node relying on session state (a prepared statement, a
// SET, a session advisory lock) would break behind it. It refuses to run as root: as root it
// runs as `postgres`, as the server does.

#include <libpq-fe.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "integration/loopback.h"
#include "integration/service_dir.h"
#include "integration/wait.h"

namespace tierdesk::testing {

class PgBouncer {
 public:
  // Pools `database` of the server on `server_port` (role tierdesk, trusted on loopback) into
  // `pool_size` server connections.
  PgBouncer(int server_port, const std::string& database, int pool_size)
      : dir_(ServiceDir::Make("/tmp/td-pgb-XXXXXX")) {
    if (dir_.path.empty()) return;
    port_ = FreeLoopbackPort();
    std::ofstream(dir_.path / "users.txt") << "\"tierdesk\" \"\"\n";
    std::ofstream(dir_.path / "pgbouncer.ini")
        << "[databases]\n"
        << database << " = host=127.0.0.1 port=" << server_port << " dbname=" << database
        << " user=tierdesk\n"
        << "[pgbouncer]\nlisten_addr = 127.0.0.1\nlisten_port = " << port_
        << "\nunix_socket_dir =\nauth_type = trust\nauth_file = "
        << (dir_.path / "users.txt").string()
        << "\npool_mode = transaction\ndefault_pool_size = " << pool_size
        << "\nmax_client_conn = 500\nadmin_users = tierdesk\nlogfile = "
        << (dir_.path / "pgbouncer.log").string() << "\npidfile =\n";
    const std::string bin = "/usr/sbin/pgbouncer", ini = (dir_.path / "pgbouncer.ini").string();
    pid_ = ::fork();
    if (pid_ == 0) {
      if (!dir_.EnterAsOwner("stderr.log")) ::_exit(126);
      ::execl(bin.c_str(), bin.c_str(), ini.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    running_ =
        pid_ > 0 && WaitUntil([&] { return Exited() || AcceptsOnLoopback(port_); }) && !Exited();
  }
  ~PgBouncer() {
    if (pid_ > 0 && !Exited()) {
      ::kill(pid_, SIGTERM);
      ::waitpid(pid_, nullptr, 0);
    }
    std::error_code ignored;
    if (!dir_.path.empty()) std::filesystem::remove_all(dir_.path, ignored);
  }
  PgBouncer(const PgBouncer&) = delete;
  PgBouncer& operator=(const PgBouncer&) = delete;

  bool running() const { return running_; }
  // A libpq URI for the pooled database.
  std::string Uri(const std::string& database) const {
    return "postgresql://tierdesk@127.0.0.1:" + std::to_string(port_) + "/" + database;
  }
  // Its client and server connections for `database` now (the admin console's SHOW POOLS).
  // libpq itself: libpqxx refuses the console, which names no server version.
  struct Pool {
    int clients = -1;
    int servers = -1;
  };
  Pool Connections(const std::string& database) const {
    Pool pool;
    PGconn* admin = PQconnectdb(Uri("pgbouncer").c_str());
    PGresult* r = PQexec(admin, "SHOW POOLS");
    if (PQresultStatus(r) == PGRES_TUPLES_OK) {
      auto number = [&](int row, const char* column) {
        const int at = PQfnumber(r, column);
        return at < 0 ? 0 : std::atoi(PQgetvalue(r, row, at));
      };
      for (int row = 0; row < PQntuples(r); ++row)
        if (database == PQgetvalue(r, row, PQfnumber(r, "database"))) {
          pool.clients = number(row, "cl_active") + number(row, "cl_waiting");
          pool.servers = number(row, "sv_active") + number(row, "sv_idle") +
                         number(row, "sv_used") + number(row, "sv_tested") +
                         number(row, "sv_login");
        }
    }
    PQclear(r);
    PQfinish(admin);
    return pool;
  }

  // What it logged (for a failing test's message).
  std::string Log() const { return dir_.Logs({"stderr.log", "pgbouncer.log"}); }

 private:
  bool Exited() {
    if (pid_ <= 0) return true;
    if (::waitpid(pid_, nullptr, WNOHANG) == pid_) pid_ = -1;
    return pid_ <= 0;
  }

  ServiceDir dir_;
  int port_ = 0;
  pid_t pid_ = -1;
  bool running_ = false;
};

}  // namespace tierdesk::testing
