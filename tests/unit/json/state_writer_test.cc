// The direct encoders must write exactly what the document route wrote: rows from before and
// after read the same, and the migrations' json_extract paths stay valid.
#include "json/state_writer.h"

#include <gtest/gtest.h>

#include "core/decide.h"
#include "json/bounded.h"
#include "json/codec.h"
#include "test_support.h"

namespace tierdesk::json {
namespace {

using testing::At;

// Text that needs every kind of escape, and characters outside ASCII.
const std::string kAwkward = "Quote \" back\\slash\ttab\nline\r\b\f\x01\x1f del\x7f — Ümlaut 😀";

// Every state a ticket passes through on seed 000's ladder, from a create with every intake
// field filled, and every event on the way.
struct Walk {
  std::vector<core::Ticket> tickets;
  std::vector<core::Event> events;
  std::vector<core::Effect> effects;
};

Walk WalkTheLadder() {
  const core::Procedure procedure = testing::SeedProcedure("000-three-level-support.toml");
  core::Command create = testing::CreateFor("C-1");
  auto& c = std::get<core::cmd::Create>(create.body);
  c.registration.title = kAwkward;
  c.registration.description = kAwkward;
  c.registration.notify = {"a@client.example", "b@client.example"};
  c.registration.occurred_at = At("2026-01-05T08:50:00Z");
  c.registration.first_time = false;
  c.registration.room = "R\"1";
  c.attachments = {{"scr\"een.png", "image/png", 10, std::string(64, 'a'), "", false}};
  const Timestamp t0 = At("2026-01-05T10:00:00Z");
  std::vector<core::Command> steps = {
      create,
      {"psc-anil", 1,
       core::cmd::Note{
           kAwkward, false, {{"log.txt", "text/plain", 3, std::string(64, 'b'), "", false}}},
       ""},
      {"psc-anil", 1, core::cmd::HandOff{"L2", "needs_deeper_knowledge", kAwkward, ""}, ""},
      {"ssc-ravi", 1, core::cmd::Acknowledge{}, ""},
      {"ssc-ravi", 1,
       core::cmd::Respond{"working_on_it", std::nullopt, t0 + std::chrono::hours(2), kAwkward}, ""},
      {"ssc-ravi", 1, core::cmd::Resolve{{{"summary", kAwkward}, {"details", "fixed"}}}, ""},
  };
  Walk walk;
  core::Ticket ticket;
  int minute = 0;
  for (const core::Command& step : steps) {
    auto d = core::Decide(ticket, step, t0 + std::chrono::minutes(minute++), procedure, 1);
    EXPECT_TRUE(d.has_value()) << (d ? "" : d.error().ToString());
    if (!d) break;
    ticket = d->ticket;
    walk.tickets.push_back(ticket);
    walk.events.insert(walk.events.end(), d->events.begin(), d->events.end());
    walk.effects.insert(walk.effects.end(), d->effects.begin(), d->effects.end());
  }
  return walk;
}

TEST(StateWriter, WritesEachTicketStateAsTheDocumentRouteDid) {
  const Walk walk = WalkTheLadder();
  ASSERT_EQ(walk.tickets.size(), 6u);
  ASSERT_TRUE(walk.tickets[2].page.has_value());         // paged: the page object
  ASSERT_TRUE(walk.tickets[4].last_status.has_value());  // a status was given
  ASSERT_FALSE(walk.tickets.back().resolution.empty());  // a resolution map
  for (const core::Ticket& t : walk.tickets) {
    const std::string encoded = EncodeTicketState(t);
    EXPECT_EQ(encoded, Dump(TicketToJson(t)));
    auto back = TicketFromJson(Json::parse(encoded));
    ASSERT_TRUE(back.has_value()) << back.error().ToString();
    EXPECT_EQ(*back, t);
  }
  EXPECT_EQ(EncodeTicketState(core::Ticket{}), Dump(TicketToJson(core::Ticket{})));
}

TEST(StateWriter, WritesAnsweredQuestionnairesAsTheDocumentRouteDid) {
  core::Ticket t;
  t.questionnaires.push_back({"sign-in", 3, "Cannot sign in", {}, true, "Reset it", true, "", true});
  t.questionnaires[0].answers = {{"symptom", "What happens?", "locked", "My account is " + kAwkward},
                                 {"since", "Since when?", "2 days", "2 days"}};
  t.questionnaires.push_back({"verification", 1, "Verify", {}, false, "", false, "L2", false});
  const std::string encoded = EncodeTicketState(t);
  EXPECT_EQ(encoded, Dump(TicketToJson(t)));
  auto back = TicketFromJson(Json::parse(encoded));
  ASSERT_TRUE(back.has_value()) << back.error().ToString();
  EXPECT_EQ(*back, t);
}

TEST(StateWriter, WritesEventFieldsAsTheDocumentRouteDid) {
  const Walk walk = WalkTheLadder();
  ASSERT_GT(walk.events.size(), 6u);
  for (const core::Event& e : walk.events)
    EXPECT_EQ(EncodeFields(e.fields), Dump(FieldsToJson(e.fields))) << e.type;
  // A repeated key keeps its first place and its last value, as the document did.
  const std::vector<std::pair<std::string, std::string>> repeated = {
      {"a", "1"}, {"b", kAwkward}, {"a", "3"}, {"", ""}};
  EXPECT_EQ(EncodeFields(repeated), Dump(FieldsToJson(repeated)));
  EXPECT_EQ(EncodeFields({}), "{}");
}

TEST(StateWriter, WritesTimelineLinesAsTheDocumentRouteDid) {
  const Walk walk = WalkTheLadder();
  ASSERT_GT(walk.effects.size(), 1u);
  const date::time_zone* india = *LocateZone("Asia/Kolkata");
  for (const date::time_zone* zone : {india, static_cast<const date::time_zone*>(nullptr)}) {
    for (const core::Event& e : walk.events)
      EXPECT_EQ(EncodeEventLine(e, zone), Dump(EventToJson(e, zone))) << e.type;
    for (const core::Effect& e : walk.effects)
      EXPECT_EQ(EncodeEffectLine(e, At("2026-01-05T10:00:00Z"), zone),
                Dump(EffectToJson(e, At("2026-01-05T10:00:00Z"), zone)))
          << e.template_name;
  }
  // Fields named like the line's own keys take their place, as operator[] did; "to" joins
  // the keys only when the event has a recipient.
  core::Event clash{1, At("2026-01-05T10:00:00Z"), "noted", kAwkward, "", {}};
  clash.fields = {{"type", "x"}, {"to", "y"}, {"at", "z"}, {"to", "w"}, {"k", kAwkward}};
  EXPECT_EQ(EncodeEventLine(clash, india), Dump(EventToJson(clash, india)));
  clash.to = "ssc-ravi";
  EXPECT_EQ(EncodeEventLine(clash, india), Dump(EventToJson(clash, india)));
}

TEST(StateWriter, InvalidUtf8IsReplacedNotWrittenThrough) {
  core::Ticket t;
  t.registration.title = "bad \xff\xfe byte";
  const std::string encoded = EncodeTicketState(t);
  const Json parsed = Json::parse(encoded);  // valid JSON, so valid UTF-8
  EXPECT_EQ(parsed["registration"]["title"], "bad \xef\xbf\xbd\xef\xbf\xbd byte");
}

}  // namespace
}  // namespace tierdesk::json
