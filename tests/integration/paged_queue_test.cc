// GET /api/v1/tickets?paged=me: the pages waiting for my acknowledgement, on the real server.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "integration/sandbox_api_fixture.h"

namespace tierdesk::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

class PagedQueue : public SandboxApiTest {
 protected:
  // The refs `who` gets for GET /api/v1/tickets?<query>, in the order given.
  std::vector<std::string> Refs(const std::string& who, const std::string& query) {
    auto r = Get(who, "/api/v1/tickets?" + query);
    EXPECT_EQ(r.status, 200) << r.body;
    std::vector<std::string> refs;
    const auto list = r.json();
    for (const auto& t : list["tickets"]) refs.push_back(t["id"]);
    return refs;
  }
};

TEST_F(PagedQueue, APageWaitsForThePersonPagedUntilAcknowledgedOrPassedOn) {
  const std::string first = CreateTicket(), second = CreateTicket(), third = CreateTicket();
  HandToL2(first);
  HandToL2(second);

  EXPECT_THAT(Refs("ssc-ravi", "paged=me"), ElementsAre(first, second));
  EXPECT_THAT(Refs("psc-anil", "paged=ssc-ravi"), ElementsAre(first, second));
  EXPECT_THAT(Refs("ssc-meena", "paged=me"), IsEmpty());
  EXPECT_THAT(Refs("psc-anil", "paged=me"), IsEmpty());
  // A page at a time, with the queue's cursor.
  auto page = Get("ssc-ravi", "/api/v1/tickets?paged=me&limit=1").json();
  ASSERT_EQ(page["tickets"].size(), 1u);
  EXPECT_EQ(page["tickets"][0]["id"], first);
  ASSERT_TRUE(page["next_cursor"].is_string());
  EXPECT_THAT(Refs("ssc-ravi", "paged=me&cursor=" + page["next_cursor"].get<std::string>()),
              ElementsAre(second));
  // Every summary in a staff list says who is paged.
  std::map<std::string, std::string> paged;
  const auto staff_list = Get("psc-anil", "/api/v1/tickets").json();
  for (const auto& t : staff_list["tickets"])
    paged[t["id"].get<std::string>()] = t["paged"].get<std::string>();
  EXPECT_EQ(paged, (std::map<std::string, std::string>{
                       {first, "ssc-ravi"}, {second, "ssc-ravi"}, {third, ""}}));
  // Paging is staff business.
  auto refused = Get("client:C-1001", "/api/v1/tickets?paged=me");
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(refused.json()["error"]["field"], "paged");
  const auto client_list = Get("client:C-1001", "/api/v1/tickets").json();
  for (const auto& t : client_list["tickets"]) EXPECT_FALSE(t.contains("paged")) << t.dump();
  EXPECT_EQ(Get("psc-anil", "/api/v1/tickets?paged=").status, 422);

  // Acknowledged, a page leaves the list.
  ASSERT_EQ(Post("ssc-ravi", "/api/v1/tickets/" + first + "/acknowledge", nlohmann::json::object())
                .status,
            200);
  EXPECT_THAT(Refs("ssc-ravi", "paged=me"), ElementsAre(second));

  // Not acknowledged within web-01's 5-minute window, it goes to the next person in the chain.
  ASSERT_EQ(Post("psc-anil", "/api/v1/clock", {{"advance", "6m"}}).status, 200);
  EXPECT_THAT(Refs("ssc-ravi", "paged=me"), IsEmpty());
  EXPECT_THAT(Refs("ssc-meena", "paged=me"), ElementsAre(second));
}

}  // namespace
}  // namespace tierdesk::testing
