// Staff's ticket search (QueueStore::SearchTickets, TicketStore::IndexTicketTexts): what a
// ticket is found by, kept with the commit that changes it, on every backend.

#include "contract/contract_fixture.h"
#include "service/search_terms.h"
#include "service/ticket_search.h"

namespace tierdesk::service::contract {
namespace {

class TicketSearchContract : public StoreContract {
 protected:
  // Commits a new ticket with this title and description; returns its record.
  CommitRecord Create(core::TicketId id, const std::string& title, const std::string& description,
                      bool text_changed = true) {
    core::Command c = CreateFor("C-" + std::to_string(id));
    auto& create = std::get<core::cmd::Create>(c.body);
    create.registration.title = title;
    create.registration.description = description;
    CommitRecord r = Decided({}, c, At("2026-01-05T10:00:00Z") + Minutes(id), id);
    r.text_changed = text_changed;
    EXPECT_TRUE(store_->Commit({&r, 1}));
    return r;
  }

  CommitRecord Resolved(const CommitRecord& created, const std::string& summary) {
    core::Command resolve{"psc-anil", created.ticket.version,
                          core::cmd::Resolve{{{"summary", summary}, {"details", "Done"}}}, ""};
    return Decided(created.ticket, resolve, At("2026-01-05T12:00:00Z"));
  }

  std::vector<core::TicketId> Found(const std::string& words, bool any_term = false) {
    TicketQuery q{{SearchTerms(words), any_term}, 20};
    auto hits = store_->SearchTickets(q);
    EXPECT_TRUE(hits.has_value()) << hits.error().ToString();
    std::vector<core::TicketId> ids;
    if (hits)
      for (const TicketHit& hit : *hits) ids.push_back(hit.summary.id);
    return ids;
  }
};

TEST_P(TicketSearchContract, FindsTicketsByTitleDescriptionAndResolution) {
  Create(1, "VPN drops every hour", "The tunnel to the office closes");
  Create(2, "Printer jams", "The VPN client shows error 809 while printing");
  CommitRecord mailbox = Create(3, "Mailbox full", "Quota reached on the shared mailbox");

  EXPECT_EQ(Found("vpn"), (std::vector<core::TicketId>{1, 2}));  // the title's match first
  EXPECT_EQ(Found("tunnel office"), std::vector<core::TicketId>{1});
  EXPECT_EQ(Found("quota"), std::vector<core::TicketId>{3});
  EXPECT_EQ(Found("tunne"), std::vector<core::TicketId>{1});  // a word being typed
  EXPECT_TRUE(Found("vpn quota").empty());
  EXPECT_EQ(Found("vpn quota", true).size(), 3u);
  EXPECT_TRUE(Found("archived").empty());

  CommitRecord resolved = Resolved(mailbox, "Archived old mail to the archive server");
  ASSERT_TRUE(store_->Commit({&resolved, 1}));
  EXPECT_EQ(Found("archived"), std::vector<core::TicketId>{3});

  // A hit carries the ticket's queue columns as stored, and the passage with the words marked.
  const auto hits = store_->SearchTickets(TicketQuery{{SearchTerms("error 809")}, 5}).value();
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].summary.title, "Printer jams");
  EXPECT_EQ(hits[0].summary.client_id, "C-2");
  EXPECT_THAT(hits[0].snippet, ::testing::HasSubstr(std::string(1, kHitStart) + "809" + kHitEnd));
  EXPECT_GT(hits[0].score, 0);
  const auto archive = store_->SearchTickets(TicketQuery{{SearchTerms("archived")}, 5}).value();
  ASSERT_EQ(archive.size(), 1u);
  EXPECT_EQ(archive[0].summary.stage, resolved.ticket.stage);
}

// A batch writing a ticket twice (created and resolved in one commit) indexes its last text.
TEST_P(TicketSearchContract, ABatchIndexesEachTicketsLastText) {
  core::Command c = CreateFor("C-1");
  std::get<core::cmd::Create>(c.body).registration.description = "Fan noise in rack four";
  CommitRecord created = Decided({}, c, At("2026-01-05T10:00:00Z"), 1);
  CommitRecord resolved = Resolved(created, "Replaced the fan bearing");
  const CommitRecord batch[] = {created, resolved};
  ASSERT_TRUE(store_->Commit(batch));
  EXPECT_EQ(Found("bearing"), std::vector<core::TicketId>{1});
  EXPECT_EQ(Found("rack"), std::vector<core::TicketId>{1});
}

// What is indexed was read from a version of the ticket: an older version's text (a refresh that
// read the ticket before a commit changed it) never replaces it.
TEST_P(TicketSearchContract, AnOlderVersionsTextNeverReplacesANewerOnes) {
  CommitRecord created = Create(1, "Disk full", "Logs filled the volume");
  CommitRecord resolved = Resolved(created, "Rotated the logs");
  ASSERT_TRUE(store_->Commit({&resolved, 1}));
  const TicketText stale{1, created.ticket.version, "Disk full", "Logs filled the volume"};
  ASSERT_TRUE(store_->IndexTicketTexts({&stale, 1}));
  EXPECT_EQ(Found("rotated"), std::vector<core::TicketId>{1});
  const TicketText later{1, resolved.ticket.version + 1, "Disk full", "Moved logs to another disk"};
  ASSERT_TRUE(store_->IndexTicketTexts({&later, 1}));
  EXPECT_TRUE(Found("rotated").empty());
  EXPECT_EQ(Found("moved"), std::vector<core::TicketId>{1});
}

// Tickets stored before the index (commits that did not index them) are indexed once at start;
// a second start finds the index current and writes nothing.
TEST_P(TicketSearchContract, TicketsStoredBeforeTheIndexAreIndexedOnce) {
  for (core::TicketId id = 1; id <= 3; ++id)
    Create(id, "Legacy " + std::to_string(id), "Stored before search", false);
  EXPECT_TRUE(Found("legacy").empty());
  ASSERT_TRUE(RefreshTicketIndex(*store_));
  EXPECT_EQ(Found("legacy").size(), 3u);
  EXPECT_EQ(store_->GetSetting("ticket_index").value(), std::to_string(kTicketIndexVersion));

  const TicketText changed{1, 99, "Renamed", "Elsewhere"};
  ASSERT_TRUE(store_->IndexTicketTexts({&changed, 1}));
  ASSERT_TRUE(RefreshTicketIndex(*store_));
  EXPECT_EQ(Found("renamed"), std::vector<core::TicketId>{1});
  EXPECT_EQ(Found("legacy").size(), 2u);
}

// Any words are accepted (operators, quotes, a column filter, bytes of no word): none fails, and
// a search whose words are all found in no one ticket falls back to tickets holding some.
TEST_P(TicketSearchContract, AnyWordsAreAcceptedAndSomeTermsFollowEvery) {
  Create(1, "VPN drops", "Tunnel closes");
  Create(2, "Quota reached", "Mailbox full");
  for (const char* junk : {"\"", "vpn\" OR \"", "title:vpn", "NEAR(vpn", "*", "-vpn", "vpn AND",
                           "(((", "\xff\xfe", "'; DROP TABLE tickets; --", "vpn^2", "ü ß"}) {
    auto found = SearchTickets(*store_, junk, 10);
    ASSERT_TRUE(found.has_value()) << junk << ": " << found.error().ToString();
  }
  auto both = SearchTickets(*store_, "vpn quota", 10).value();
  EXPECT_EQ(both.size(), 2u);
  auto one = SearchTickets(*store_, "vpn quota", 1).value();
  EXPECT_EQ(one.size(), 1u);
  auto every = SearchTickets(*store_, "vpn tunnel quota", 10).value();
  ASSERT_EQ(every.size(), 2u);
  EXPECT_EQ(every[0].summary.id, 1);  // two of the three terms above one
}

TIERDESK_STORE_CONTRACT(TicketSearchContract);

}  // namespace
}  // namespace tierdesk::service::contract
