#include "core/questionnaire.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "procedure/loader.h"

namespace tierdesk::core {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

const std::filesystem::path kRoot = TIERDESK_SOURCE_DIR;

Procedure Load(const char* file) {
  auto loaded = procedure::LoadProcedureFile(kRoot / "procedures" / file);
  EXPECT_EQ(procedure::FormatProblems(file, loaded.problems), "");
  return *loaded.procedure;
}

std::vector<std::string> PathOf(const Walk& walk) {
  std::vector<std::string> ids;
  for (const auto& a : walk.path) ids.push_back(a.question);
  return ids;
}

TEST(Questionnaire, Seed002ShipsTheFourLevelOneTopics) {
  const Procedure p = Load("002-application-maintenance.toml");
  std::vector<std::string> ids;
  for (const auto& q : p.questionnaires) ids.push_back(q.id);
  EXPECT_THAT(ids, ElementsAre("sign-in", "navigation", "verification", "installation"));
  EXPECT_FALSE(p.FindQuestionnaire("verification")->for_clients);
  EXPECT_TRUE(p.FindQuestionnaire("sign-in")->OfferedFor(Category::kIncident, Channel::kPhone));
  EXPECT_FALSE(p.FindQuestionnaire("verification")->OfferedFor(Category::kChangeRequest, {}));
}

TEST(Questionnaire, AWalkFollowsTheAnswersAndDropsThoseOffItsPath) {
  const Procedure p = Load("002-application-maintenance.toml");
  const Questionnaire& q = *p.FindQuestionnaire("sign-in");
  // "new_account" is answered, but the path through "locked" never asks it.
  auto walk = WalkQuestionnaire(
      q, {{"symptom", "locked"}, {"locked_since", " yes "}, {"new_account", "no"}});
  ASSERT_TRUE(walk.has_value()) << walk.error().ToString();
  EXPECT_THAT(PathOf(*walk), ElementsAre("symptom", "locked_since"));
  EXPECT_TRUE(walk->complete());
  EXPECT_EQ(walk->path[0].label, "My account is locked");
  EXPECT_EQ(walk->path[1].value, "yes");
  EXPECT_EQ(walk->outcome.urgency, Grade::kHigh);
  EXPECT_TRUE(walk->outcome.resolve);
  EXPECT_THAT(walk->outcome.fix, HasSubstr("unlocks the account"));
  const AnsweredQuestionnaire kept = RecordWalk(q, *walk);
  EXPECT_EQ(kept.version, 1);
  EXPECT_EQ(kept.answers.size(), 2u);
  EXPECT_EQ(AnswersInWords(kept.answers),
            "What happens when you sign in? My account is locked\n"
            "Has it been locked for more than 15 minutes? Yes");
}

TEST(Questionnaire, AnUnansweredQuestionIsTheNextToAsk) {
  const Procedure p = Load("002-application-maintenance.toml");
  auto walk = WalkQuestionnaire(*p.FindQuestionnaire("sign-in"), {{"symptom", "unknown_user"}});
  ASSERT_TRUE(walk.has_value());
  ASSERT_NE(walk->next, nullptr);
  EXPECT_EQ(walk->next->id, "new_account");
  EXPECT_FALSE(walk->complete());
  auto none = WalkQuestionnaire(*p.FindQuestionnaire("sign-in"), {});
  ASSERT_TRUE(none.has_value());
  EXPECT_EQ(none->next->id, "symptom");
}

TEST(Questionnaire, NumberThresholdsTakeTheHighestReached) {
  const Procedure p = Load("002-application-maintenance.toml");
  const Questionnaire& q = *p.FindQuestionnaire("verification");
  const GivenAnswers base = {{"client_version", "5.2"}, {"supported", "yes"}};
  GivenAnswers small = base, big = base;
  small["memory"] = "4";
  big["memory"] = "16";
  auto a = WalkQuestionnaire(q, small);
  auto b = WalkQuestionnaire(q, big);
  ASSERT_TRUE(a && b);
  EXPECT_TRUE(a->outcome.resolve);
  EXPECT_EQ(a->outcome.route, "");
  EXPECT_EQ(b->outcome.route, "L2");
  EXPECT_EQ(b->outcome.criterion, "needs_deeper_knowledge");
}

TEST(Questionnaire, AnswersThatDoNotFitAreRefusedNamingTheQuestion) {
  const Procedure p = Load("002-application-maintenance.toml");
  const Questionnaire& q = *p.FindQuestionnaire("verification");
  struct Case {
    GivenAnswers answers;
    std::string field;
    std::string says;
  };
  const std::vector<Case> cases = {
      {{{"client_version", "5.2"}, {"supported", "perhaps"}}, "answers.supported", "yes, no"},
      {{{"client_version", "5.2"}, {"supported", "yes"}, {"memory", "lots"}},
       "answers.memory",
       "number"},
      {{{"client_version", "5.2"}, {"supported", "yes"}, {"memory", "2000"}},
       "answers.memory",
       "from 0 to 1024"},
      {{{"client_version", "5.2"}, {"supported", "yes"}, {"memory", "nan"}},
       "answers.memory",
       "number"},
      {{{"client_version", "   "}}, "answers.client_version", "in words"},
      {{{"client_version", std::string(kMaxTextAnswerBytes + 1, 'x')}},
       "answers.client_version",
       "bytes at most"},
      {{{"colour", "blue"}}, "answers.colour", "has no question"},
  };
  for (const Case& c : cases) {
    auto walk = WalkQuestionnaire(q, c.answers);
    ASSERT_FALSE(walk.has_value()) << c.field;
    EXPECT_EQ(walk.error().field, c.field);
    EXPECT_THAT(walk.error().message, HasSubstr(c.says));
  }
}

TEST(Questionnaire, Seed003GathersSymptomsReplicationErrorsAndChanges) {
  const Procedure p = Load("003-tiered-engineering.toml");
  const Questionnaire& q = *p.FindQuestionnaire("problem-report");
  auto walk = WalkQuestionnaire(q, {{"symptom", "error"},
                                    {"error_message", "E-4012 timeout"},
                                    {"replicate", "yes"},
                                    {"steps", "open report\nclick export"},
                                    {"recent_change", "update"}});
  ASSERT_TRUE(walk.has_value());
  EXPECT_THAT(PathOf(*walk),
              ElementsAre("symptom", "error_message", "replicate", "steps", "recent_change"));
  EXPECT_EQ(walk->outcome.category, Category::kDefect);
  EXPECT_EQ(walk->outcome.route, "tier2");
}

procedure::LoadResult LoadText(const std::string& questionnaires) {
  const std::string text = R"([procedure]
id = "x"
name = "x"
time_zone = "UTC"
[[tiers]]
id = "L1"
name = "L1"
handoff_to = ["L2"]
[[tiers]]
id = "L2"
name = "L2"
)" + questionnaires;
  return procedure::LoadProcedureText(text, "q.toml", ".");
}

TEST(QuestionnaireFile, ProblemsNameTheirLines) {
  auto loaded = LoadText(R"([[questionnaires]]
id = "q"
version = 1
title = "T"
  [[questionnaires.questions]]
  id = "a"
  kind = "choice"
  text = "A?"
    [[questionnaires.questions.answers]]
    value = "x"
    next = "b"
    [[questionnaires.questions.answers]]
    value = "y"
    resolve = true
  [[questionnaires.questions]]
  id = "b"
  kind = "yes_no"
  text = "B?"
    [[questionnaires.questions.answers]]
    value = "yes"
    next = "a"
  [[questionnaires.questions]]
  id = "c"
  kind = "text"
  text = "C?"
)");
  const std::string report = procedure::FormatProblems("q.toml", loaded.problems);
  EXPECT_FALSE(loaded.procedure.has_value());
  EXPECT_THAT(report, HasSubstr("q.toml:25: resolve needs the fix it resolves with"));
  EXPECT_THAT(report, HasSubstr("q.toml:26: question 'b' of questionnaire 'q' leads back to 'a'"));
  EXPECT_THAT(report, HasSubstr("q.toml:33: question 'c' of questionnaire 'q' is not reached"));
}

TEST(QuestionnaireFile, KindsKeysAndTargetsAreChecked) {
  auto loaded = LoadText(R"([[questionnaires]]
id = "q"
version = 1
title = "T"
categories = ["gossip"]
  [[questionnaires.questions]]
  id = "a"
  kind = "essay"
  text = "A?"
  route = "L7"
  criterion = "whim"
  colour = "red"
)");
  const std::string report = procedure::FormatProblems("q.toml", loaded.problems);
  EXPECT_THAT(report, HasSubstr("q.toml:16: unknown category 'gossip'"));
  EXPECT_THAT(report, HasSubstr("q.toml:19: kind 'essay'"));
  EXPECT_THAT(report, HasSubstr("q.toml:21: route 'L7'"));
  EXPECT_THAT(report, HasSubstr("needs a criterion"));
  EXPECT_THAT(report, HasSubstr("q.toml:23: unknown key 'colour'"));
}

}  // namespace
}  // namespace tierdesk::core
