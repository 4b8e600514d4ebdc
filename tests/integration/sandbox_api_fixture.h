#pragma once

// A `tierdesk serve` sandbox on seed 000 whose virtual clock stands at Monday 2026-01-05 10:00 UTC
// until a test moves it, with a token per actor: the same time on every request, so answers can
// be compared whole.

#include <gtest/gtest.h>

#include <string>

#include "integration/api_fixture.h"

namespace tierdesk::testing {

class SandboxApiTest : public Seed000ApiTest {
 protected:
  void SetUp() override {
    InitSeed000({"psc-anil", "ssc-ravi", "ssc-meena", "client:C-1001"});
    Serve({"--simulate-from", "2026-01-05T10:00:00Z"});
  }

  // Level 1 hands `ref` to L2, which pages web-01's chain.
  void HandToL2(const std::string& ref) {
    auto r = Post("psc-anil", "/api/v1/tickets/" + ref + "/handoff",
                  {{"to", "L2"}, {"criterion", "needs_deeper_knowledge"}, {"tried", "Reproduced"}});
    EXPECT_EQ(r.status, 200) << r.body;
  }
};

}  // namespace tierdesk::testing
