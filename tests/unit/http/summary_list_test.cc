// A queue's page written directly must be the bytes the documents gave: clients and pages that
// parse it see no difference.
#include <gtest/gtest.h>

#include "http/api/views.h"
#include "json/bounded.h"
#include "test_support.h"

namespace tierdesk::http {
namespace {

using testing::At;

// The page as it was built before: a document of SummaryViews, dumped.
std::string AsDocuments(const std::vector<service::TicketSummary>& tickets,
                        const core::Procedure& p, bool for_client,
                        const std::optional<std::string>& next) {
  json::Json items = json::Json::array();
  for (const auto& t : tickets) items.push_back(SummaryView(t, p, for_client));
  json::Json body = json::Json::object();
  body["tickets"] = std::move(items);
  body["next_cursor"] = next ? json::Json(*next) : json::Json(nullptr);
  return json::Dump(body);
}

TEST(SummaryListJson, WritesTheBytesTheDocumentsGave) {
  const core::Procedure procedure = testing::SeedProcedure("000-three-level-support.toml");
  std::vector<service::TicketSummary> tickets;
  for (int i = 1; i <= 3; ++i) {
    service::TicketSummary t;
    t.id = i;
    t.title =
        i == 2 ? "Quote \" back\\slash\nnew line \x01 — Ümlaut 😀" : "Printer " + std::to_string(i);
    t.priority = core::Priority::kHigh;
    t.tier = "L1";
    t.stage = i == 3 ? core::Stage::kClosed : core::Stage::kOpen;
    t.assignee = i == 1 ? "psc-anil" : "";
    t.client_id = "C-1001";
    t.received_at = At("2026-01-05T03:30:00Z") + std::chrono::minutes(i);
    t.updated_at = At("2026-07-05T03:30:00Z");
    t.paged = i == 1 ? "ssc-ravi" : "";
    tickets.push_back(t);
  }
  for (bool for_client : {false, true})
    for (const auto& next : {std::optional<std::string>(), std::optional<std::string>("abc=")}) {
      EXPECT_EQ(SummaryListJson(tickets, procedure, for_client, next),
                AsDocuments(tickets, procedure, for_client, next));
      EXPECT_EQ(SummaryListJson({}, procedure, for_client, next),
                AsDocuments({}, procedure, for_client, next));
    }
}

}  // namespace
}  // namespace tierdesk::http
