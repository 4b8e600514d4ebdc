#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "core/priority.h"
#include "core/ticket.h"

namespace tierdesk::core {

// Seed 002: Level 1 "conducts basic troubleshooting using questionnaires to find out the level of
// support needed"; seed 003: Tier 1 gathers "symptoms, replication steps, error messages, and any
// recent changes". A questionnaire is a tree of questions in the procedure file; each answer can
// lead on, set what triage sets, propose a known fix, route to a tier or let Level 1 resolve.

enum class QuestionKind { kChoice, kYesNo, kText, kNumber };
const char* QuestionKindName(QuestionKind kind);  // "choice", "yes_no", "text", "number"
std::optional<QuestionKind> ParseQuestionKind(std::string_view name);

// What an answer leads to. Along a walk, later answers override what earlier ones set.
struct QuestionOutcome {
  std::string next;  // the next question's id; empty = the walk ends here
  std::optional<Category> category;
  std::optional<Grade> impact;
  std::optional<Grade> urgency;
  std::string asset;      // asset key "kind:id"
  std::string fix;        // a known fix the requester can try now
  std::string route;      // a tier to hand the request to
  std::string criterion;  // the hand-off criterion the route gives
  bool resolve = false;   // Level 1 may resolve it (with `fix`); sign-off as the procedure says
  friend bool operator==(const QuestionOutcome&, const QuestionOutcome&) = default;
};

// One answer of a choice or yes/no question, or a threshold of a number question (taken when the
// number is at least `at_least`, the highest such one winning).
struct QuestionChoice {
  std::string value;  // what the answer stores ("yes", "no", "vpn", ...)
  std::string label;  // what people read
  std::optional<double> at_least;
  QuestionOutcome then;
};

struct Question {
  std::string id;
  std::string text;
  std::string hint;  // optional: how to find the answer ("Settings > About shows the version")
  QuestionKind kind = QuestionKind::kText;
  std::vector<QuestionChoice> choices;  // choice, yes_no; thresholds of a number
  QuestionOutcome then;                 // text, number: after any answer (below every threshold)
  std::optional<double> min;            // number
  std::optional<double> max;
  int line = 0;
};

struct Questionnaire {
  std::string id;
  int version = 1;  // stored with every set of answers, so old answers keep their meaning
  std::string title;
  bool for_clients = false;         // clients walk it in the portal before they send a request
  std::set<Category> categories;    // offered for these categories; empty = any
  std::set<Channel> channels;       // ... and requests arriving by these channels; empty = any
  std::vector<Question> questions;  // questions[0] is asked first
  int line = 0;

  const Question* Find(std::string_view question_id) const;
  bool OfferedFor(std::optional<Category> category, std::optional<Channel> channel) const;
};

inline constexpr size_t kMaxTextAnswerBytes = 2000;
inline constexpr size_t kMaxQuestionsPerQuestionnaire = 100;
// What a ticket keeps at most: each walk is a command, and a ticket's size is bounded.
inline constexpr size_t kMaxQuestionnairesPerTicket = 20;

// An answer as given, by question id: the choice's value, "yes"/"no", the text or the number.
using GivenAnswers = std::map<std::string, std::string>;

struct Walk {
  std::vector<WalkedAnswer> path;
  const Question* next = nullptr;  // the question to ask now; null once the walk is complete
  QuestionOutcome outcome;         // what the answers on the path lead to (its `next` is unused)
  bool complete() const { return next == nullptr; }
};

// Walks `questionnaire` from its first question with `answers`: each answer on the path must fit
// its question (a choice offered, a number within bounds, a text within kMaxTextAnswerBytes);
// answers to questions off the path taken are dropped. Refused, naming "answers.<id>", for an
// answer that does not fit or a question the questionnaire does not have.
Result<Walk> WalkQuestionnaire(const Questionnaire& questionnaire, const GivenAnswers& answers);

AnsweredQuestionnaire RecordWalk(const Questionnaire& questionnaire, const Walk& walk);

// "Question? Answer" lines, for the timeline and a hand-off.
std::string AnswersInWords(const std::vector<WalkedAnswer>& answers);

}  // namespace tierdesk::core
