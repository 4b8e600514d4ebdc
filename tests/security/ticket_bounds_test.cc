// Hardening, round 2, item 2: a ticket without bounds. A client posted 1,482 notes of 65 KB on
// its own ticket; GET /api/v1/tickets/{ref} then returned 96.5 MB and the server's memory grew
// from 26 to 583 MB after two reads. A client's writes now stop at a bound of events per ticket,
// and the timeline comes a page at a time, bounded in events and bytes.
#include <set>

#include "security/api_security_fixture.h"

namespace tierdesk::testing {
namespace {

class TicketBounds : public ApiSecurity {
 protected:
  TicketBounds() : ApiSecurity(Options(), {.max_events_per_ticket = 12}) {}
  static http::ApiOptions Options() {
    http::ApiOptions o;
    o.requests_per_second = 0;
    o.limits.timeline_page = 5;
    o.limits.max_reply_bytes = 20000;
    return o;
  }
  http::ApiResponse Note(const std::string& who, const std::string& ref, size_t bytes,
                         bool is_public = false) {
    return Post(who, "/api/v1/tickets/" + ref + "/note",
                {{"text", std::string(bytes, 'n')}, {"public", is_public}});
  }
  // Every page of `who`'s view of the timeline, newest page first, following the cursors.
  std::vector<nlohmann::json> Pages(const std::string& who, const std::string& ref) {
    std::vector<nlohmann::json> pages;
    auto view = Parse(h_.As(tokens_[who], "GET", "/api/v1/tickets/" + ref));
    pages.push_back(view["timeline"]);
    nlohmann::json cursor = view["timeline_cursor"];
    while (!cursor.is_null() && pages.size() < 100) {
      auto r = h_.As(tokens_[who], "GET",
                     "/api/v1/tickets/" + ref + "/timeline?before=" + cursor.get<std::string>());
      EXPECT_EQ(r.status, 200) << r.body;
      auto page = Parse(r);
      pages.push_back(page["events"]);
      cursor = page["next_cursor"];
    }
    return pages;
  }
};

TEST_F(TicketBounds, AClientStopsAtTheBoundAndTheServiceDeskGoesOn) {
  const std::string ref = Open("C-1001");
  int accepted = 0;
  http::ApiResponse last;
  for (int i = 0; i < 20; ++i) {
    last = Note("client:C-1001", ref, 100);
    if (last.status != 200) break;
    ++accepted;
  }
  EXPECT_EQ(last.status, 409) << last.body;
  EXPECT_EQ(ErrorField(last), "ticket");
  EXPECT_LT(accepted, 12);
  // Staff still work the ticket past it.
  EXPECT_EQ(Note("psc-anil", ref, 100, /*is_public=*/true).status, 200);
}

TEST_F(TicketBounds, TheTimelineComesAPageAtATimeBoundedInEventsAndBytes) {
  const std::string ref = Open("C-1001");
  for (int i = 0; i < 8; ++i) ASSERT_EQ(Note("psc-anil", ref, 6000).status, 200);
  auto whole = h_.As(tokens_["psc-anil"], "GET", "/api/v1/tickets/" + ref);
  ASSERT_EQ(whole.status, 200);
  EXPECT_LT(whole.body.size(), 30000u);  // 20 KB of events at most, and the ticket's state
  auto pages = Pages("psc-anil", ref);
  std::vector<int64_t> seqs;
  for (const auto& page : pages) {
    EXPECT_LE(page.size(), 5u);
    EXPECT_GE(page.size(), 1u);
    std::vector<int64_t> in_page;
    for (const auto& e : page) in_page.push_back(e["seq"]);
    EXPECT_TRUE(std::is_sorted(in_page.begin(), in_page.end()));  // oldest first in a page
    seqs.insert(seqs.begin(), in_page.begin(), in_page.end());
  }
  // Every event once, in order, across the pages.
  const auto stored = h_.store().Events(*core::ParseTicketRef(ref)).value();
  ASSERT_EQ(seqs.size(), stored.size());
  EXPECT_TRUE(std::is_sorted(seqs.begin(), seqs.end()));
  EXPECT_EQ(std::set<int64_t>(seqs.begin(), seqs.end()).size(), seqs.size());
  // A page's size is bounded: 6 KB notes, 20 KB a page.
  for (const auto& page : pages) EXPECT_LE(page.dump().size(), 26000u);
}

TEST_F(TicketBounds, AClientsCursorsAreSealedAndSkipWhatItMayNotSee) {
  const std::string ref = Open("C-1001");
  for (int i = 0; i < 6; ++i) {
    ASSERT_EQ(Note("psc-anil", ref, 10, /*is_public=*/false).status, 200);
    ASSERT_EQ(Note("psc-anil", ref, 10, /*is_public=*/true).status, 200);
  }
  auto view = Parse(h_.As(tokens_["client:C-1001"], "GET", "/api/v1/tickets/" + ref));
  const std::string cursor = view["timeline_cursor"];
  EXPECT_NE(cursor.find_first_not_of("0123456789"), std::string::npos) << cursor;
  size_t seen = 0;
  for (const auto& page : Pages("client:C-1001", ref))
    for (const auto& e : page) {
      ++seen;
      EXPECT_FALSE(e.contains("seq"));
      EXPECT_FALSE(e.contains("credential"));
      EXPECT_NE(e.value("visibility", ""), "internal");
    }
  EXPECT_EQ(seen, 7u);  // created and six public notes
  // A staff cursor (a seq) is not a client's; a client's is not staff's.
  EXPECT_EQ(h_.As(tokens_["client:C-1001"], "GET", "/api/v1/tickets/" + ref + "/timeline?before=3")
                .status,
            422);
  EXPECT_EQ(
      h_.As(tokens_["psc-anil"], "GET", "/api/v1/tickets/" + ref + "/timeline?before=" + cursor)
          .status,
      422);
  // Another client's ticket does not exist for them.
  EXPECT_EQ(h_.As(tokens_["client:C-2002"], "GET", "/api/v1/tickets/" + ref + "/timeline").status,
            404);
}

}  // namespace
}  // namespace tierdesk::testing
