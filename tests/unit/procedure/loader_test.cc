#include "procedure/loader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <iterator>

#include "core/templates.h"
#include "procedure/ical_holidays.h"

namespace tierdesk::procedure {
namespace {

using ::testing::AllOf;
using ::testing::Contains;
using ::testing::Field;
using ::testing::HasSubstr;

const std::filesystem::path kRoot = TIERDESK_SOURCE_DIR;

class SeedProcedure : public ::testing::TestWithParam<const char*> {};

TEST_P(SeedProcedure, Validates) {
  auto loaded = LoadProcedureFile(kRoot / "procedures" / GetParam());
  EXPECT_EQ(FormatProblems(GetParam(), loaded.problems), "");
  ASSERT_TRUE(loaded.procedure.has_value());
  EXPECT_GE(loaded.procedure->tiers.size(), 2u);
}

INSTANTIATE_TEST_SUITE_P(AllFive, SeedProcedure,
                         ::testing::Values("000-three-level-support.toml",
                                           "001-customer-support.toml",
                                           "002-application-maintenance.toml",
                                           "003-tiered-engineering.toml",
                                           "004-service-request-escalation.toml"));

TEST(Seed000, HasTheThreeLevelsAndTheirFifteenMinuteClocks) {
  auto p = *LoadProcedureFile(kRoot / "procedures/000-three-level-support.toml").procedure;
  ASSERT_EQ(p.tiers.size(), 3u);
  EXPECT_EQ(p.tiers[0].clocks.handoff->within, Minutes(15));
  EXPECT_EQ(p.tiers[1].routing_kind, "server");
  EXPECT_EQ(p.tiers[1].clocks.response->within, Minutes(15));
  // "The SSC will pass it to the Level 3 team ... within 15 minutes".
  EXPECT_EQ(p.tiers[1].clocks.handoff->within, Minutes(15));
  EXPECT_EQ(p.tiers[2].routing_kind, "product");
  EXPECT_EQ(p.tiers[2].clocks.response->within, Minutes(15));
  const core::Asset* web = p.FindAsset("server", "web-01");
  ASSERT_NE(web, nullptr);
  ASSERT_EQ(web->chain.size(), 3u);
  EXPECT_EQ(web->chain[2].person, "ssc-lead");
  EXPECT_TRUE(p.closure.client_signoff);
}

TEST(Seed001, SupportHoursAndHolidaysFromICalendar) {
  auto p = *LoadProcedureFile(kRoot / "procedures/001-customer-support.toml").procedure;
  const core::Calendar& hours = p.CalendarFor("support-hours");
  EXPECT_FALSE(hours.week()[0].size());  // Sunday closed
  EXPECT_EQ(hours.week()[6].front().start, std::chrono::hours(9) + Minutes(30));
  // Republic Day recurs yearly from the .ics file.
  EXPECT_TRUE(hours.holidays().count(date::local_days{date::year(2027) / 1 / 26}));
  const auto& letter = core::TemplateFor(p, "resolution_letter");
  ASSERT_EQ(letter.parts.size(), 5u);
  EXPECT_EQ(letter.parts[4].first, "thanks");
}

TEST(Seed001, TheFirstResponseIsDueByThePriority) {
  auto p = *LoadProcedureFile(kRoot / "procedures/001-customer-support.toml").procedure;
  const core::ClockRule& response = *p.tiers[0].clocks.response;
  EXPECT_EQ(response.WithinFor(core::Priority::kCritical), Minutes(15));
  EXPECT_EQ(response.WithinFor(core::Priority::kHigh), Minutes(30));
  EXPECT_EQ(response.WithinFor(core::Priority::kMedium), Minutes(60));
  EXPECT_EQ(response.WithinFor(core::Priority::kLow), Minutes(120));
}

// Seed `file`'s procedure with the text `old` in it replaced by `replacement`, loaded as a
// procedure sent over the network would be (under `files`).
LoadResult SeedWith(const std::string& file, const std::string& old, const std::string& replacement,
                    FileRules files = {}) {
  std::ifstream in(kRoot / "procedures" / file);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const size_t at = text.find(old);
  EXPECT_NE(at, std::string::npos) << old;
  if (at != std::string::npos) text.replace(at, old.size(), replacement);
  return LoadProcedureText(text, file, kRoot / "procedures", files);
}

// Seed 000's procedure with L1's hand-off rule replaced by `rule`.
LoadResult Seed000WithHandOffRule(const std::string& rule) {
  return SeedWith("000-three-level-support.toml", "  [tiers.handoff]\n  within = \"15m\"\n",
                  "  [tiers.handoff]\n" + rule + "\n");
}

TEST(ClockRules, ATargetPerPriorityWithOrWithoutOneForTheRest) {
  auto mixed = Seed000WithHandOffRule("  critical = \"5m\"\n  within = \"20m\"");
  ASSERT_TRUE(mixed.procedure) << FormatProblems("000.toml", mixed.problems);
  const core::ClockRule& rule = *mixed.procedure->tiers[0].clocks.handoff;
  EXPECT_EQ(rule.WithinFor(core::Priority::kCritical), Minutes(5));
  EXPECT_EQ(rule.WithinFor(core::Priority::kLow), Minutes(20));
  // Only some priorities: the others run no such clock.
  auto some = Seed000WithHandOffRule("  high = \"10m\"");
  ASSERT_TRUE(some.procedure) << FormatProblems("000.toml", some.problems);
  EXPECT_EQ(some.procedure->tiers[0].clocks.handoff->WithinFor(core::Priority::kLow),
            std::nullopt);
  // Neither: the rule names no target at all.
  auto none = Seed000WithHandOffRule("");
  EXPECT_THAT(none.problems, Contains(Field(&Problem::message, HasSubstr("missing 'within'"))));
  auto zero = Seed000WithHandOffRule("  low = \"0m\"");
  EXPECT_THAT(zero.problems, Contains(Field(&Problem::message, HasSubstr("'low' must be"))));
}

TEST(Seed001, ATelephoneRequestMustBringWhatRegisteringAnIssueRequires) {
  auto p = *LoadProcedureFile(kRoot / "procedures/001-customer-support.toml").procedure;
  const auto& phone = p.intake.required.at(core::Channel::kPhone);
  EXPECT_THAT(phone, Contains(core::IntakeField::kModule));
  EXPECT_THAT(phone, Contains(core::IntakeField::kOccurredAt));
  EXPECT_EQ(p.intake.required.count(core::Channel::kEmail), 0u);  // a mail is taken as it comes
}

// Seed 001's procedure with its required intake fields replaced by `required` (TOML lines).
LoadResult Seed001WithRequired(const std::string& required) {
  const std::string fields =
      "[\"occurred_at\", \"caller_name\", \"caller_phone\", \"requester_name\", \"module\", "
      "\"description\"]";
  return SeedWith("001-customer-support.toml",
                  "  phone = " + fields + "\n  walk_in = " + fields + "\n", required + "\n");
}

TEST(IntakeRules, UnknownChannelsAndFieldsAndWhatAMailCannotBringAreProblems) {
  auto loaded = Seed001WithRequired(
      "  fax = [\"room\"]\n  phone = [\"colour\"]\n  email = [\"room\", \"description\"]");
  EXPECT_FALSE(loaded.procedure);
  auto with = [](const char* text) { return Contains(Field(&Problem::message, HasSubstr(text))); };
  EXPECT_THAT(loaded.problems, with("unknown channel 'fax'"));
  EXPECT_THAT(loaded.problems, with("unknown intake field 'colour'"));
  EXPECT_THAT(loaded.problems, with("a mail cannot bring 'room'"));
  for (const Problem& problem : loaded.problems) EXPECT_GT(problem.line, 1) << problem.message;
  auto fine = Seed001WithRequired("  email = [\"description\"]\n  web = [\"module\"]");
  ASSERT_TRUE(fine.procedure) << FormatProblems("001.toml", fine.problems);
  EXPECT_EQ(fine.procedure->intake.required.at(core::Channel::kWeb),
            std::vector<core::IntakeField>{core::IntakeField::kModule});
}

TEST(Seed004, NocIsBehindTheItManagerAndClientApproval) {
  auto p = *LoadProcedureFile(kRoot / "procedures/004-service-request-escalation.toml").procedure;
  const core::ApprovalGate* gate = p.GateFor("noc");
  ASSERT_NE(gate, nullptr);
  EXPECT_EQ(gate->decision_role, "it_manager");
  EXPECT_TRUE(gate->client_approval);
  for (const auto& tier : p.tiers) EXPECT_TRUE(tier.qc) << tier.id;
}

TEST(Intake, UnknownSendersAreRefusedUnlessTheProcedureRegistersThem) {
  auto p001 = *LoadProcedureFile(kRoot / "procedures/001-customer-support.toml").procedure;
  auto p004 =
      *LoadProcedureFile(kRoot / "procedures/004-service-request-escalation.toml").procedure;
  auto p000 = *LoadProcedureFile(kRoot / "procedures/000-three-level-support.toml").procedure;
  EXPECT_EQ(p001.intake.unknown_sender, core::Intake::UnknownSender::kRegister);
  EXPECT_EQ(p004.intake.unknown_sender, core::Intake::UnknownSender::kRefuse);
  EXPECT_EQ(p000.intake.unknown_sender, core::Intake::UnknownSender::kRefuse);  // the default
}

// Seed 000's procedure with its sign-off settings replaced by `closure`.
LoadResult Seed000WithClosure(const std::string& closure) {
  return SeedWith("000-three-level-support.toml",
                  "[closure]\nclient_signoff = true\nstaff_may_record_signoff = false\n",
                  "[closure]\n" + closure + "\n");
}

TEST(Closure, StaffMayRecordASignOffOnlyWhereTheProcedureSaysSo) {
  auto p000 = *LoadProcedureFile(kRoot / "procedures/000-three-level-support.toml").procedure;
  EXPECT_FALSE(p000.closure.staff_may_record_signoff);
  auto allowed = Seed000WithClosure("client_signoff = true\nstaff_may_record_signoff = true");
  ASSERT_TRUE(allowed.procedure) << FormatProblems("000.toml", allowed.problems);
  EXPECT_TRUE(allowed.procedure->closure.staff_may_record_signoff);
  // Recording a sign-off means nothing where the procedure asks for none.
  auto pointless = Seed000WithClosure("client_signoff = false\nstaff_may_record_signoff = true");
  EXPECT_THAT(pointless.problems,
              Contains(Field(&Problem::message,
                             HasSubstr("staff_may_record_signoff needs client_signoff = true"))));
  auto typo = Seed000WithClosure("client_signoff = true\nstaff_may_record_sign_off = true");
  EXPECT_THAT(typo.problems,
              Contains(Field(&Problem::message, HasSubstr("staff_may_record_sign_off"))));
}

TEST(ConsultTeams, Seed003AsksNetworkOperationsTheDbasAndEngineering) {
  auto p = *LoadProcedureFile(kRoot / "procedures/003-tiered-engineering.toml").procedure;
  std::vector<std::string> ids;
  for (const core::ConsultTeam& team : p.consult_teams) ids.push_back(team.id);
  EXPECT_THAT(ids, ::testing::ElementsAre("network-ops", "dba", "engineering"));
  const core::ConsultTeam* dba = p.FindConsultTeam("dba");
  ASSERT_NE(dba, nullptr);
  EXPECT_EQ(dba->calendar, "support");
  EXPECT_EQ(dba->answer_within, Minutes(120));
  ASSERT_EQ(dba->chain.size(), 2u);
  EXPECT_EQ(dba->chain[1].person, "dba-lead");
  EXPECT_EQ(dba->chain[1].ack_window, Minutes(30));
  EXPECT_FALSE(dba->confirms_fix);
  EXPECT_TRUE(p.FindConsultTeam("engineering")->confirms_fix);
  EXPECT_TRUE(dba->HasMember("dba-mei"));
  EXPECT_FALSE(dba->HasMember("t2-alex"));
}

TEST(ConsultTeams, EachProblemIsNamedAtItsLine) {
  // A team inserted before seed 000's [closure], at the line `base`.
  std::ifstream in(kRoot / "procedures/000-three-level-support.toml");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const int base = 1 + int(std::count(text.begin(), text.begin() + text.find("[closure]\n"), '\n'));
  auto loaded = SeedWith("000-three-level-support.toml", "[closure]\n",
                         "[[consult_teams]]\n"       // base
                         "id = \"Net Ops\"\n"        // +1: not a word
                         "name = \"Network\"\n"      // +2
                         "answer_within = \"0m\"\n"  // +3: no time to answer
                         "chain = [\"ghost\"]\n"     // +4: nobody
                         "ack_window = \"5m\"\n"     // +5
                         "members = [\"nobody\"]\n"  // +6
                         "colour = \"red\"\n"        // +7
                         "[closure]\n");
  EXPECT_FALSE(loaded.procedure.has_value());
  auto at = [](int line, const char* text) {
    return AllOf(Field(&Problem::line, line), Field(&Problem::message, HasSubstr(text)));
  };
  EXPECT_THAT(loaded.problems, Contains(at(base + 1, "an id is lower-case letters")));
  EXPECT_THAT(loaded.problems, Contains(at(base + 3, "needs a positive answer_within")));
  EXPECT_THAT(loaded.problems, Contains(at(base + 4, "unknown person 'ghost'")));
  EXPECT_THAT(loaded.problems, Contains(at(base + 6, "unknown member 'nobody'")));
  EXPECT_THAT(loaded.problems, Contains(at(base + 7, "unknown key 'colour'")));
  // A second team of the same id is one too many.
  auto twice =
      SeedWith("000-three-level-support.toml", "id = \"development\"", "id = \"server-support\"");
  EXPECT_THAT(
      twice.problems,
      Contains(Field(&Problem::message, HasSubstr("duplicate consult team 'server-support'"))));
}

TEST(Knowledge, ThePublishersAreRolesOfTheProcedure) {
  auto p003 = *LoadProcedureFile(kRoot / "procedures/003-tiered-engineering.toml").procedure;
  EXPECT_EQ(p003.knowledge.publishers, std::vector<std::string>{"knowledge_manager"});
  auto p004 =
      *LoadProcedureFile(kRoot / "procedures/004-service-request-escalation.toml").procedure;
  EXPECT_EQ(p004.knowledge.publishers, (std::vector<std::string>{"qc", "it_manager"}));
  auto unknown = SeedWith("003-tiered-engineering.toml", "publishers = [\"knowledge_manager\"]",
                          "publishers = [\"librarian\"]");
  EXPECT_THAT(unknown.problems,
              Contains(Field(&Problem::message,
                             HasSubstr("unknown role 'librarian' in [knowledge] publishers"))));
  auto nobody = SeedWith("003-tiered-engineering.toml", "publishers = [\"knowledge_manager\"]",
                         "publishers = []");
  EXPECT_THAT(nobody.problems,
              Contains(Field(&Problem::message, HasSubstr("nobody could publish an article"))));
}

TEST(Knowledge, SavedRepliesAreReadInOrderEachIdOnce) {
  auto p000 = *LoadProcedureFile(kRoot / "procedures/000-three-level-support.toml").procedure;
  ASSERT_EQ(p000.knowledge.saved_replies.size(), 2u);
  EXPECT_EQ(p000.knowledge.saved_replies[0].id, "restarted");
  EXPECT_EQ(p000.knowledge.saved_replies[1].title, "Ask for a screenshot of the error");
  EXPECT_THAT(p000.knowledge.saved_replies[0].text,
              HasSubstr("tell us whether the problem is gone"));
  auto twice =
      SeedWith("000-three-level-support.toml", "id = \"need-screenshot\"", "id = \"restarted\"");
  EXPECT_THAT(
      twice.problems,
      Contains(Field(&Problem::message, HasSubstr("saved reply 'restarted' is defined twice"))));
  auto untitled = SeedWith("000-three-level-support.toml",
                           "title = \"Ask for a screenshot of the error\"\n", "");
  EXPECT_FALSE(untitled.procedure.has_value());
}

TEST(Validate, ReportsEveryProblemWithItsLine) {
  auto loaded = LoadProcedureFile(kRoot / "tests/data/broken-procedure.toml");
  EXPECT_FALSE(loaded.procedure.has_value());
  auto at = [](int line, const char* text) {
    return AllOf(Field(&Problem::line, line), Field(&Problem::message, HasSubstr(text)));
  };
  EXPECT_THAT(loaded.problems, Contains(at(4, "unknown time zone 'Mars/Olympus'")));
  EXPECT_THAT(loaded.problems, Contains(at(6, "has no opening hours")));
  EXPECT_THAT(loaded.problems, Contains(at(12, "unknown calendar 'nope'")));
  EXPECT_THAT(loaded.problems, Contains(at(13, "unknown tier 'L9'")));
  EXPECT_THAT(loaded.problems, Contains(at(15, "'15x' is not a duration")));
  EXPECT_THAT(loaded.problems, Contains(at(24, "tier 'L3' is unreachable")));
  EXPECT_THAT(loaded.problems, Contains(at(32, "unknown role 'wizard'")));
  EXPECT_THAT(loaded.problems, Contains(at(39, "names nobody: unknown person 'ghost'")));
  EXPECT_THAT(loaded.problems, Contains(at(40, "unknown key 'colour'")));
  EXPECT_THAT(loaded.problems, Contains(at(42, "unknown variable {{bogus}}")));
  EXPECT_THAT(loaded.problems,
              Contains(at(47, "unknown_sender must be \"refuse\" or \"register\", not 'welcome'")));
  for (size_t i = 1; i < loaded.problems.size(); ++i)
    EXPECT_LE(loaded.problems[i - 1].line, loaded.problems[i].line);
}

// Seed 001's procedure with its iCalendar file named `ics`, read under `files`.
LoadResult Seed001WithHolidayFile(const std::string& ics, FileRules files) {
  return SeedWith("001-customer-support.toml", "holidays_ical = \"holidays/svv-2026.ics\"",
                  "holidays_ical = \"" + ics + "\"", files);
}

TEST(HolidayFiles, TextFromTheNetworkNamesOnlyFilesInsideTheProceduresFolder) {
  const FileRules network{.inside_base_dir = true};
  auto inside = Seed001WithHolidayFile("holidays/svv-2026.ics", network);
  EXPECT_TRUE(inside.procedure) << FormatProblems("001.toml", inside.problems);
  auto on_the_keys_line = [](const char* text) {
    return Contains(AllOf(Field(&Problem::line, 23), Field(&Problem::message, HasSubstr(text))));
  };
  for (const std::string outside :
       {"/etc/hostname", "../tests/data/ical-corpus/x.ics", "holidays/../../README.md"}) {
    auto refused = Seed001WithHolidayFile(outside, network);
    EXPECT_FALSE(refused.procedure) << outside;
    EXPECT_THAT(refused.problems, on_the_keys_line("must be named inside the procedure's folder"))
        << outside;
  }
  // A file on disk may name what its author wants, as before.
  auto on_disk = Seed001WithHolidayFile("../procedures/holidays/svv-2026.ics", {});
  EXPECT_TRUE(on_disk.procedure) << FormatProblems("001.toml", on_disk.problems);
}

TEST(HolidayFiles, OnlyRegularFilesOfBoundedSizeAreRead) {
  // A device would be read for ever; a folder is no calendar.
  for (const std::string not_a_file : {"/dev/zero", "holidays"}) {
    auto refused = Seed001WithHolidayFile(not_a_file, {});
    EXPECT_THAT(refused.problems,
                Contains(Field(&Problem::message, HasSubstr("cannot read iCalendar file"))))
        << not_a_file;
  }
  const auto big = std::filesystem::temp_directory_path() / "tierdesk-big-holidays.ics";
  std::ofstream(big) << std::string(kMaxIcalBytes + 1, '\n');
  auto too_big = Seed001WithHolidayFile(big.string(), {});
  EXPECT_THAT(too_big.problems, Contains(Field(&Problem::message, HasSubstr("is larger than"))));
  std::filesystem::remove(big);
}

TEST(Validate, TomlSyntaxErrorNamesTheLine) {
  auto loaded = LoadProcedureText("[procedure]\nid = \"x\"\nname = \n", "inline.toml", ".");
  ASSERT_EQ(loaded.problems.size(), 1u);
  EXPECT_EQ(loaded.problems[0].line, 3);
  EXPECT_THAT(loaded.problems[0].message, HasSubstr("TOML syntax"));
}

// Found by fuzz/procedure_fuzzer (an assertion inside toml++ when built with assertions on).
TEST(Validate, ATableHeaderCutShortIsASyntaxErrorAtItsLine) {
  auto loaded =
      LoadProcedureFile(kRoot / "tests/data/procedure-corpus/table-header-cut-short.toml");
  ASSERT_EQ(loaded.problems.size(), 1u);
  EXPECT_EQ(loaded.problems[0].line, 1);
  EXPECT_THAT(loaded.problems[0].message, HasSubstr("TOML syntax"));
}

TEST(IcalHolidays, ExpandsMultiDayAndRecurringEvents) {
  auto days = ParseIcalHolidays(
      "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTART;VALUE=DATE:20261224\r\n"
      "DTEND;VALUE=DATE:20261227\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:b\r\n"
      "DTSTART;VALUE=DATE:20260101\r\nRRULE:FREQ=YEARLY;COUNT=3\r\nEND:VEVENT\r\nEND:"
      "VCALENDAR\r\n");
  ASSERT_TRUE(days.has_value()) << days.error().message;
  std::set<date::local_days> expected;
  for (auto d : {date::year(2026) / 12 / 24, date::year(2026) / 12 / 25, date::year(2026) / 12 / 26,
                 date::year(2026) / 1 / 1, date::year(2027) / 1 / 1, date::year(2028) / 1 / 1})
    expected.insert(date::local_days{d});
  EXPECT_EQ(*days, expected);
}

TEST(IcalHolidays, RejectsGarbage) { EXPECT_FALSE(ParseIcalHolidays("hello").has_value()); }

std::string Calendar(const std::string& event) {
  return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\n" + event +
         "END:VEVENT\r\nEND:VCALENDAR\r\n";
}

// Found by fuzz/ical_fuzzer: a DTSTART mistyped by a millennium made a holiday of a million
// days, ten times over with its yearly rule.
TEST(IcalHolidays, RefusesAnEventSpanningMoreThanAYear) {
  std::ifstream in(kRoot / "tests/data/ical-corpus/event-spanning-centuries.ics");
  const std::string ics{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  ASSERT_FALSE(ics.empty());
  auto days = ParseIcalHolidays(ics);
  ASSERT_FALSE(days.has_value());
  EXPECT_THAT(days.error().message, HasSubstr("a holiday spans at most 366"));
}

TEST(IcalHolidays, RefusesARuleRepeatingWithinADay) {
  auto days = ParseIcalHolidays(Calendar("DTSTART:20260101T000000Z\r\nRRULE:FREQ=HOURLY\r\n"));
  ASSERT_FALSE(days.has_value());
  EXPECT_THAT(days.error().message, HasSubstr("more often than daily (FREQ=HOURLY)"));
}

TEST(IcalHolidays, RefusesAFileThatExpandsPastTheCap) {
  // 300 days every day for ten years: a million holiday days.
  auto days = ParseIcalHolidays(
      Calendar("DTSTART;VALUE=DATE:20260101\r\nDTEND;VALUE=DATE:20261028\r\nRRULE:FREQ=DAILY\r\n"));
  ASSERT_FALSE(days.has_value());
  EXPECT_THAT(days.error().message, HasSubstr("expands to more than 100000 holiday days"));
}

}  // namespace
}  // namespace tierdesk::procedure
