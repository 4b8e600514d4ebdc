#pragma once

// A `tierdesk serve` sandbox on seed 000 whose virtual clock stands at Monday 2026-01-05 10:00 UTC
// until a test moves it, with a token per actor: the same time on every request, so answers can
// be compared whole.

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "integration/server_process.h"

namespace tierdesk::testing {

class SandboxApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = InitTestDatabase("000-three-level-support.toml");
    for (const char* actor : {"psc-anil", "ssc-ravi", "ssc-meena", "client:C-1001"})
      tokens_[actor] = RunTierdesk({"token", "create", "--db", db_, "--actor", actor});
    server_ = std::make_unique<ServerProcess>(
        db_, std::vector<std::string>{"--simulate-from", "2026-01-05T10:00:00Z"});
    ASSERT_GT(server_->port(), 0);
  }

  HttpResult Post(const std::string& who, const std::string& path, const nlohmann::json& body,
                  std::vector<std::string> headers = {}) {
    return Request("POST", server_->Url(path), tokens_[who], body.dump(), std::move(headers));
  }
  HttpResult Get(const std::string& who, const std::string& path) {
    return Request("GET", server_->Url(path), tokens_[who]);
  }
  // A ticket of client C-1001 on web-01 (first in its chain: ssc-ravi), opened by Level 1.
  std::string CreateTicket() {
    auto r = Post("psc-anil", "/api/v1/tickets",
                  {{"title", "Shop checkout returns 500"},
                   {"client_id", "C-1001"},
                   {"requester_email", "ganesh@client.example"},
                   {"channel", "phone"},
                   {"assets", {{"server", "web-01"}, {"product", "shop"}}}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().value("id", "");
  }
  // Level 1 hands `ref` to L2, which pages web-01's chain.
  void HandToL2(const std::string& ref) {
    auto r = Post("psc-anil", "/api/v1/tickets/" + ref + "/handoff",
                  {{"to", "L2"}, {"criterion", "needs_deeper_knowledge"}, {"tried", "Reproduced"}});
    EXPECT_EQ(r.status, 200) << r.body;
  }

  std::string db_;
  std::map<std::string, std::string> tokens_;
  std::unique_ptr<ServerProcess> server_;
};

}  // namespace tierdesk::testing
