// Queues and counts (QueueStore): the tickets each queue lists, in queue order.

#include <algorithm>
#include <tuple>

#include "contract/contract_fixture.h"

namespace tierdesk::service::contract {
namespace {

class QueueStoreContract : public StoreContract {};

TEST_P(QueueStoreContract, ListsInQueueOrderPriorityThenReceived) {
  std::vector<CommitRecord> batch;
  const char* priorities[] = {"low", "critical", "medium", "critical"};
  for (int i = 0; i < 4; ++i) {
    core::Command c = CreateFor("C-" + std::to_string(i));
    std::get<core::cmd::Create>(c.body).priority = core::ParsePriority(priorities[i]);
    batch.push_back(Decided({}, c, At("2026-01-05T10:00:00Z") + Minutes(i), i + 1));
  }
  ASSERT_TRUE(store_->Commit(batch));
  auto tickets = store_->ListTickets({}).value();
  std::vector<core::TicketId> ids;
  for (const auto& t : tickets) ids.push_back(t.id);
  EXPECT_THAT(ids, ElementsAre(2, 4, 3, 1));

  // The next page starts after the last ticket of this one.
  TicketFilter page{.after = QueuePosition{tickets[1].priority, tickets[1].received_at, 4},
                    .limit = 10};
  ids.clear();
  const auto second_page = store_->ListTickets(page).value();
  for (const auto& t : second_page) ids.push_back(t.id);
  EXPECT_THAT(ids, ElementsAre(3, 1));
  // Summaries list the same tickets in the same order.
  auto summaries = store_->ListTicketSummaries({}).value();
  ASSERT_EQ(summaries.size(), 4u);
  for (size_t i = 0; i < 4; ++i) EXPECT_EQ(summaries[i].id, tickets[i].id);
  EXPECT_EQ(summaries[0].title, tickets[0].registration.title);
  EXPECT_EQ(summaries[0].received_at, tickets[0].received_at);
  TicketFilter mine{.client_id = "C-0"};
  ASSERT_EQ(store_->ListTickets(mine).value().size(), 1u);
  EXPECT_EQ(store_->ListTickets(mine).value()[0].id, 1);
}

// A stage filter, alone or with a tier, lists exactly the tickets in that stage: closed ones
// for kClosed, and none of them for any other stage.
TEST_P(QueueStoreContract, ListsByStageAloneOrWithATier) {
  const core::Stage stages[] = {core::Stage::kOpen, core::Stage::kClosed,
                                core::Stage::kPendingClient, core::Stage::kClosed};
  std::vector<CommitRecord> batch;
  for (int i = 0; i < 4; ++i) {
    batch.push_back(Decided({}, CreateFor("C-" + std::to_string(i)),
                            At("2026-01-05T10:00:00Z") + Minutes(i), i + 1));
    batch.back().ticket.stage = stages[i];  // the store keeps what it is given
  }
  ASSERT_TRUE(store_->Commit(batch));
  auto ids = [&](const TicketFilter& f) {
    const auto tickets = store_->ListTickets(f).value();
    const auto listed = store_->ListTicketSummaries(f).value();
    std::vector<core::TicketId> out, summaries;
    for (const auto& t : tickets) out.push_back(t.id);
    for (const auto& t : listed) summaries.push_back(t.id);
    EXPECT_EQ(summaries, out);
    std::sort(out.begin(), out.end());
    return out;
  };
  EXPECT_THAT(ids({.stage = core::Stage::kClosed}), ElementsAre(2, 4));
  EXPECT_THAT(ids({.stage = core::Stage::kOpen}), ElementsAre(1));
  EXPECT_THAT(ids({.stage = core::Stage::kPendingClient}), ElementsAre(3));
  EXPECT_THAT(ids({.tier = "L1", .stage = core::Stage::kClosed}), ElementsAre(2, 4));
  EXPECT_THAT(ids({.tier = "L1", .stage = core::Stage::kPendingClient}), ElementsAre(3));
  EXPECT_THAT(ids({.tier = "L2", .stage = core::Stage::kClosed}), ElementsAre());
  EXPECT_THAT(ids({.tier = "L1", .open_only = true}), ElementsAre(1, 3));
}

TEST_P(QueueStoreContract, ForumsAndBreachingSoon) {
  CommitRecord a = Decided({}, CreateFor("C-1"), At("2026-01-05T10:00:00Z"), 1);
  core::Command other = CreateFor("C-2");
  std::get<core::cmd::Create>(other.body).registration.assets = {{"server", "db-01"}};
  CommitRecord b = Decided({}, other, At("2026-01-05T10:05:00Z"), 2);
  std::vector<CommitRecord> batch = {a, b};
  ASSERT_TRUE(store_->Commit(batch));
  TicketFilter web{.asset = "server:web-01"};
  auto forum = store_->ListTicketSummaries(web).value();
  ASSERT_EQ(forum.size(), 1u);
  EXPECT_EQ(forum[0].id, 1);
  // A hand-off that names another asset puts the ticket in that forum too.
  core::Command handoff{
      "psc-anil", 1, core::cmd::HandOff{"L2", "needs_deeper_knowledge", "x", "server:db-01"}, ""};
  CommitRecord moved = Decided(a.ticket, handoff, At("2026-01-05T10:06:00Z"));
  ASSERT_TRUE(store_->Commit({&moved, 1}));
  TicketFilter db{.asset = "server:db-01"};
  EXPECT_EQ(store_->ListTicketSummaries(db).value().size(), 2u);

  // Ticket 2's hand-off clock is due at 10:20; ticket 1's page ack at 10:11.
  auto soon = store_->ListBreachingSoon(At("2026-01-05T10:15:00Z"), 10).value();
  ASSERT_EQ(soon.size(), 1u);
  EXPECT_EQ(soon[0].summary.id, 1);
  EXPECT_EQ(soon[0].clock, "ack");
  EXPECT_EQ(soon[0].due, At("2026-01-05T10:11:00Z"));
  EXPECT_EQ(store_->ListBreachingSoon(At("2026-01-05T10:30:00Z"), 10).value().size(), 2u);
}

TEST_P(QueueStoreContract, PagedListsTheOpenTicketsWaitingForAPersonsAcknowledgement) {
  std::vector<CommitRecord> created = {
      Decided({}, CreateFor("C-1"), At("2026-01-05T10:00:00Z"), 1),
      Decided({}, CreateFor("C-2"), At("2026-01-05T10:01:00Z"), 2),
      Decided({}, CreateFor("C-3"), At("2026-01-05T10:02:00Z"), 3)};
  ASSERT_TRUE(store_->Commit(created));
  // Tickets 1 and 2 go to L2, which pages web-01's primary; ticket 3 stays at L1.
  auto handoff = [](core::TicketId id) {
    return core::Command{"psc-anil", id,
                         core::cmd::HandOff{"L2", "needs_deeper_knowledge", "restarted", ""}, ""};
  };
  std::vector<CommitRecord> handed = {
      Decided(created[0].ticket, handoff(1), At("2026-01-05T10:05:00Z")),
      Decided(created[1].ticket, handoff(2), At("2026-01-05T10:05:00Z"))};
  ASSERT_TRUE(store_->Commit(handed));
  ASSERT_EQ(handed[0].ticket.page->person, "ssc-ravi");

  // The queue of `person`'s pages, in queue order; whole tickets and summaries agree.
  auto paged = [&](const std::string& person, std::optional<QueuePosition> after = {}) {
    const TicketFilter f{.paged = person, .open_only = true, .after = after};
    std::vector<core::TicketId> ids, summary_ids;
    const auto tickets = store_->ListTickets(f).value();
    const auto summaries = store_->ListTicketSummaries(f).value();
    for (const auto& t : tickets) ids.push_back(t.id);
    for (const auto& t : summaries) {
      summary_ids.push_back(t.id);
      EXPECT_EQ(t.paged, person);
    }
    EXPECT_EQ(ids, summary_ids);
    return ids;
  };
  EXPECT_THAT(paged("ssc-ravi"), ElementsAre(1, 2));
  EXPECT_THAT(paged("ssc-meena"), ::testing::IsEmpty());
  EXPECT_THAT(paged(""), ::testing::IsEmpty());  // not "every ticket nobody is paged for"
  const QueuePosition after_first{handed[0].ticket.priority, handed[0].ticket.received_at, 1};
  EXPECT_THAT(paged("ssc-ravi", after_first), ElementsAre(2));
  // Every summary says who is paged, the unpaged ones nobody.
  std::vector<std::string> who;
  const auto all = store_->ListTicketSummaries({}).value();
  for (const auto& t : all) who.push_back(t.paged);
  EXPECT_THAT(who, ElementsAre("ssc-ravi", "ssc-ravi", ""));
  auto soon = store_->ListBreachingSoon(At("2026-01-05T10:10:00Z"), 10).value();
  ASSERT_FALSE(soon.empty());
  EXPECT_EQ(soon[0].summary.paged, "ssc-ravi");

  // An acknowledged page leaves the list.
  core::Command ack{"ssc-ravi", 1, core::cmd::Acknowledge{}, ""};
  CommitRecord acked = Decided(handed[0].ticket, ack, At("2026-01-05T10:06:00Z"));
  ASSERT_TRUE(store_->Commit({&acked, 1}));
  EXPECT_THAT(paged("ssc-ravi"), ElementsAre(2));

  // A page not acknowledged within its window moves to the next person in the chain.
  const Timestamp ack_due = handed[1].ticket.FindClock(core::clocks::kAck)->due;
  core::Command breach{core::kSystemActor, 2, core::cmd::ClockDue{core::clocks::kAck, ack_due}, ""};
  CommitRecord next = Decided(handed[1].ticket, breach, ack_due);
  ASSERT_TRUE(store_->Commit({&next, 1}));
  EXPECT_THAT(paged("ssc-ravi"), ::testing::IsEmpty());
  EXPECT_THAT(paged("ssc-meena"), ElementsAre(2));
}

TEST_P(QueueStoreContract, ConsultingListsTheOpenTicketsWaitingOnATeamsAnswer) {
  std::vector<CommitRecord> created = {
      Decided({}, CreateFor("C-1"), At("2026-01-05T10:00:00Z"), 1),
      Decided({}, CreateFor("C-2"), At("2026-01-05T10:01:00Z"), 2),
      Decided({}, CreateFor("C-3"), At("2026-01-05T10:02:00Z"), 3)};
  ASSERT_TRUE(store_->Commit(created));
  auto consult = [](core::TicketId id, const char* team) {
    return core::Command{"psc-anil", id, core::cmd::Consult{team, "Is web-01 swapping?"}, ""};
  };
  // Ticket 1 asks Server Support; ticket 2 asks Server Support and Development.
  CommitRecord one =
      Decided(created[0].ticket, consult(1, "server-support"), At("2026-01-05T10:05:00Z"));
  CommitRecord two =
      Decided(created[1].ticket, consult(2, "server-support"), At("2026-01-05T10:05:00Z"));
  std::vector<CommitRecord> asked = {one, two};
  ASSERT_TRUE(store_->Commit(asked));
  // Written as the service writes: only the queue columns that changed.
  CommitRecord both = Changed(two.ticket, consult(2, "development"), At("2026-01-05T10:06:00Z"));
  ASSERT_TRUE(store_->Commit({&both, 1}));

  // The queue of `team`, in queue order; whole tickets and summaries agree.
  auto consulting = [&](const std::string& team) {
    const TicketFilter f{.consulting = team};
    std::vector<core::TicketId> ids, summary_ids;
    const auto tickets = store_->ListTickets(f).value();
    const auto summaries = store_->ListTicketSummaries(f).value();
    for (const auto& t : tickets) ids.push_back(t.id);
    for (const auto& t : summaries) summary_ids.push_back(t.id);
    EXPECT_EQ(ids, summary_ids);
    return ids;
  };
  EXPECT_THAT(consulting("server-support"), ElementsAre(1, 2));
  EXPECT_THAT(consulting("development"), ElementsAre(2));
  EXPECT_THAT(consulting("server"), ::testing::IsEmpty());  // a team by its whole id only
  EXPECT_THAT(consulting(""), ::testing::IsEmpty());
  std::vector<std::string> columns;
  const auto all = store_->ListTicketSummaries({}).value();
  for (const auto& t : all) columns.push_back(t.consulting);
  EXPECT_THAT(columns, ElementsAre(",server-support,", ",server-support,development,", ""));

  // An answer takes the ticket off the team's queue; a closed ticket waits on nobody.
  core::Command answer{"ssc-ravi", 1, core::cmd::ConsultAnswer{"server-support", "No"}, ""};
  CommitRecord answered = Changed(one.ticket, answer, At("2026-01-05T10:07:00Z"));
  ASSERT_TRUE(store_->Commit({&answered, 1}));
  EXPECT_THAT(consulting("server-support"), ElementsAre(2));
  core::Command note{"psc-anil", 2, core::cmd::Note{"closing by hand", false, {}}, ""};
  CommitRecord closed = Changed(both.ticket, note, At("2026-01-05T10:08:00Z"));
  closed.ticket.stage = core::Stage::kClosed;  // the store keeps what it is given
  ASSERT_TRUE(store_->Commit({&closed, 1}));
  EXPECT_THAT(consulting("server-support"), ::testing::IsEmpty());
  EXPECT_THAT(consulting("development"), ::testing::IsEmpty());
}

// A record that names the columns it was decided on is written in full all the same: after
// each step of a ticket's life (a tier, a page, an assignee, a priority, a close; and steps
// that change none of them) every queue lists it exactly where its state says.
TEST_P(QueueStoreContract, QueuesFollowEachChangeOfARecordThatNamesWhatWasStored) {
  std::vector<CommitRecord> created = {
      Decided({}, CreateFor("C-1"), At("2026-01-05T10:00:00Z"), 1),
      Decided({}, CreateFor("C-2"), At("2026-01-05T10:01:00Z"), 2)};
  ASSERT_TRUE(store_->Commit(created));
  core::Ticket other = created[1].ticket;
  core::Ticket t = created[0].ticket;
  const std::vector<TicketFilter> queues = {{.tier = "L1"},
                                            {.tier = "L1", .open_only = true},
                                            {.tier = "L2"},
                                            {.tier = "L2", .open_only = true},
                                            {.open_only = true},
                                            {.client_id = "C-1"},
                                            {.assignee = ""},
                                            {.assignee = "ssc-ravi"},
                                            {.paged = "ssc-ravi"},
                                            {.stage = core::Stage::kClosed},
                                            {}};
  // What a queue must list, in queue order, from the tickets' own states.
  auto expected = [&](const TicketFilter& f) {
    std::vector<const core::Ticket*> in;
    for (const core::Ticket* x : {&t, &other}) {
      const TicketSummary s = TicketSummary::Of(*x);
      if ((f.tier && s.tier != *f.tier) || (f.open_only && s.stage == core::Stage::kClosed) ||
          (f.client_id && s.client_id != *f.client_id) ||
          (f.assignee && s.assignee != *f.assignee) || (f.paged && s.paged != *f.paged) ||
          (f.stage && s.stage != *f.stage))
        continue;
      in.push_back(x);
    }
    std::sort(in.begin(), in.end(), [](const core::Ticket* a, const core::Ticket* b) {
      return std::tuple(int(a->priority), a->received_at, a->id) <
             std::tuple(int(b->priority), b->received_at, b->id);
    });
    std::vector<core::TicketId> ids;
    for (const core::Ticket* x : in) ids.push_back(x->id);
    return ids;
  };
  auto check = [&](const std::string& step) {
    SCOPED_TRACE(step);
    for (const TicketFilter& f : queues) {
      std::vector<core::TicketId> listed, summarised;
      const auto tickets = store_->ListTickets(f).value();
      const auto summaries = store_->ListTicketSummaries(f).value();
      for (const auto& x : tickets) listed.push_back(x.id);
      for (const auto& x : summaries) {
        summarised.push_back(x.id);
        if (x.id == t.id) {
          EXPECT_EQ(x, TicketSummary::Of(t));
        }
      }
      EXPECT_EQ(listed, expected(f));
      EXPECT_EQ(summarised, listed);
    }
    EXPECT_EQ(store_->Load(t.id).value(), t);
  };
  check("created");
  auto step = [&](const core::Command& c, const char* at, const std::string& name) {
    CommitRecord r = Changed(t, c, At(at));
    ASSERT_TRUE(store_->Commit({&r, 1})) << name;
    t = r.ticket;
    check(name);
  };
  step({"psc-anil", 1, core::cmd::HandOff{"L2", "needs_deeper_knowledge", "restarted", ""}, ""},
       "2026-01-05T10:05:00Z", "handed to L2, paging ssc-ravi");
  ASSERT_EQ(t.tier, "L2");
  ASSERT_EQ(service::PagedTo(t), "ssc-ravi");
  step({"ssc-ravi", 1, core::cmd::Note{"looking", false}, ""}, "2026-01-05T10:06:00Z",
       "a note: no queue column changes");
  step({"ssc-ravi", 1, core::cmd::Acknowledge{}, ""}, "2026-01-05T10:07:00Z",
       "acknowledged: assigned, no longer paged");
  ASSERT_EQ(t.assignee, "ssc-ravi");
  const core::Priority was = t.priority;
  step({"ssc-ravi", 1, core::cmd::ChangePriority{"critical", "whole shop down"}, ""},
       "2026-01-05T10:08:00Z", "priority raised");
  ASSERT_NE(t.priority, was);
  step({"ssc-ravi", 1, core::cmd::Resolve{{{"summary", "Restarted"}, {"details", "Pool resized"}}},
        ""},
       "2026-01-05T10:20:00Z", "resolved");
  step({"client:C-1", 1, core::cmd::SignOff{.comment = "Works"}, ""}, "2026-01-05T10:30:00Z",
       "signed off: closed");
  ASSERT_EQ(t.stage, core::Stage::kClosed);
}

TEST_P(QueueStoreContract, CountsOpenTicketsPerTierAndTheOutbox) {
  std::vector<CommitRecord> batch = {Decided({}, CreateFor("C-1"), At("2026-01-05T10:00:00Z"), 1),
                                     Decided({}, CreateFor("C-2"), At("2026-01-05T10:00:00Z"), 2)};
  ASSERT_TRUE(store_->Commit(batch));
  EXPECT_EQ(store_->CountOpenTicketsByTier().value(), (std::map<std::string, int64_t>{{"L1", 2}}));
  EXPECT_EQ(store_->OutboxBacklog().value(),
            int64_t(batch[0].effects.size() + batch[1].effects.size()));
}

TIERDESK_STORE_CONTRACT(QueueStoreContract);

}  // namespace
}  // namespace tierdesk::service::contract
