#pragma once

// The common ground of the API tests: a fresh database on a seed procedure, a token per actor,
// and the real `tierdesk serve` over it, called as one of those actors.

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "integration/server_process.h"

namespace tierdesk::testing {

class ApiTest : public ::testing::Test {
 protected:
  // A fresh database for this test on the seed procedure `file`, and a token for each of
  // `actors` (kept in tokens_, by actor).
  void InitDatabase(const std::string& file, const std::vector<std::string>& actors) {
    db_ = InitTestDatabase(file);
    for (const auto& actor : actors)
      tokens_[actor] = RunTierdesk({"token", "create", "--db", db_, "--actor", actor});
  }

  // `tierdesk serve` over the database, with `extra` arguments; a failure to start ends the test.
  void Serve(std::vector<std::string> extra = {}) {
    server_ = std::make_unique<ServerProcess>(db_, std::move(extra));
    ASSERT_GT(server_->port(), 0);
  }

  // Requests as `who` (an actor given a token by InitDatabase) to the server's `path`.
  HttpResult Post(const std::string& who, const std::string& path, const nlohmann::json& body,
                  std::vector<std::string> headers = {}) {
    return Request("POST", server_->Url(path), tokens_[who], body.dump(), std::move(headers));
  }
  HttpResult Get(const std::string& who, const std::string& path) {
    return Request("GET", server_->Url(path), tokens_[who]);
  }

  std::string db_;
  std::map<std::string, std::string> tokens_;
  std::unique_ptr<ServerProcess> server_;
};

// ApiTest on seed 000 (three-level support), where Level 1's psc-anil opens the tickets.
class Seed000ApiTest : public ApiTest {
 protected:
  // Level 1, an L2 engineer (first in web-01's chain), a DSC engineer and two clients.
  static inline const std::vector<std::string> kLadderAndTwoClients = {
      "psc-anil", "ssc-ravi", "dsc-arjun", "client:C-1001", "client:C-2002"};

  // A fresh seed 000 database with a token for each of `actors`.
  void InitSeed000(const std::vector<std::string>& actors) {
    InitDatabase("000-three-level-support.toml", actors);
  }

  // A ticket of `client` on web-01 (first in its chain: ssc-ravi), opened by Level 1; its ref.
  std::string CreateTicket(const std::string& client = "C-1001") {
    auto r = Post("psc-anil", "/api/v1/tickets",
                  {{"title", "Shop checkout returns 500"},
                   {"client_id", client},
                   {"requester_email", "ganesh@client.example"},
                   {"channel", "phone"},
                   {"assets", {{"server", "web-01"}, {"product", "shop"}}}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().value("id", "");
  }
};

}  // namespace tierdesk::testing
