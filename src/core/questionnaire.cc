#include "core/questionnaire.h"

#include <charconv>
#include <cmath>

#include "common/text.h"
#include "core/enum_names.h"

namespace tierdesk::core {

const char* QuestionKindName(QuestionKind kind) {
  switch (kind) {
    case QuestionKind::kChoice:
      return "choice";
    case QuestionKind::kYesNo:
      return "yes_no";
    case QuestionKind::kText:
      return "text";
    case QuestionKind::kNumber:
      return "number";
  }
  return "";
}

std::optional<QuestionKind> ParseQuestionKind(std::string_view name) {
  return ParseByName<QuestionKind, 4>(name, QuestionKindName);
}

const Question* Questionnaire::Find(std::string_view question_id) const {
  for (const Question& q : questions)
    if (q.id == question_id) return &q;
  return nullptr;
}

bool Questionnaire::OfferedFor(std::optional<Category> category,
                               std::optional<Channel> channel) const {
  const bool category_fits = categories.empty() || !category || categories.count(*category) > 0;
  const bool channel_fits = channels.empty() || !channel || channels.count(*channel) > 0;
  return category_fits && channel_fits;
}

namespace {

std::optional<double> ParseNumber(std::string_view s) {
  double value = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(value)) return std::nullopt;
  return value;
}

std::string FormatBound(double d) {
  if (std::abs(d) < 1e15 && d == std::floor(d)) return std::to_string(static_cast<long long>(d));
  char buf[32];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d);
  return ec == std::errc() ? std::string(buf, end) : "?";
}

void Merge(const QuestionOutcome& from, QuestionOutcome& into) {
  if (from.category) into.category = from.category;
  if (from.impact) into.impact = from.impact;
  if (from.urgency) into.urgency = from.urgency;
  if (!from.asset.empty()) into.asset = from.asset;
  if (!from.fix.empty()) into.fix = from.fix;
  if (!from.route.empty()) {
    into.route = from.route;
    into.criterion = from.criterion;
  }
  if (from.resolve) into.resolve = true;
}

// Where `value` leads from `q`, with the label it reads as; a refusal when it does not fit.
Result<std::pair<const QuestionOutcome*, std::string>> Follow(const Question& q,
                                                              const std::string& value) {
  const std::string field = "answers." + q.id;
  switch (q.kind) {
    case QuestionKind::kChoice:
    case QuestionKind::kYesNo:
      for (const QuestionChoice& c : q.choices)
        if (c.value == value) return std::pair{&c.then, c.label};
      {
        std::string offered;
        for (const QuestionChoice& c : q.choices)
          offered += (offered.empty() ? "" : ", ") + c.value;
        return Fail(ErrorCode::kInvalidArgument, "answer one of " + offered, field);
      }
    case QuestionKind::kNumber: {
      const auto number = ParseNumber(value);
      if (!number) return Fail(ErrorCode::kInvalidArgument, "answer with a number", field);
      if ((q.min && *number < *q.min) || (q.max && *number > *q.max))
        return Fail(ErrorCode::kInvalidArgument,
                    "answer a number from " + (q.min ? FormatBound(*q.min) : "any") + " to " +
                        (q.max ? FormatBound(*q.max) : "any"),
                    field);
      const QuestionChoice* taken = nullptr;
      for (const QuestionChoice& c : q.choices)
        if (c.at_least && *number >= *c.at_least && (!taken || *c.at_least > *taken->at_least))
          taken = &c;
      return std::pair{taken ? &taken->then : &q.then, value};
    }
    case QuestionKind::kText:
      if (value.empty()) return Fail(ErrorCode::kInvalidArgument, "answer in words", field);
      if (value.size() > kMaxTextAnswerBytes)
        return Fail(ErrorCode::kInvalidArgument,
                    "an answer holds " + std::to_string(kMaxTextAnswerBytes) + " bytes at most",
                    field);
      return std::pair{&q.then, value};
  }
  return Fail(ErrorCode::kInternal, "unknown question kind", field);
}

}  // namespace

Result<Walk> WalkQuestionnaire(const Questionnaire& questionnaire, const GivenAnswers& answers) {
  for (const auto& [id, value] : answers)
    if (questionnaire.Find(id) == nullptr)
      return Fail(ErrorCode::kInvalidArgument,
                  "questionnaire '" + questionnaire.id + "' has no question '" + id + "'",
                  "answers." + id);
  Walk walk;
  const Question* q = questionnaire.questions.empty() ? nullptr : &questionnaire.questions[0];
  // The loader refuses cycles; the bound keeps a walk finite whatever the procedure holds.
  for (size_t steps = 0; q != nullptr && steps <= questionnaire.questions.size(); ++steps) {
    const auto given = answers.find(q->id);
    if (given == answers.end()) break;
    const std::string value = TrimSpace(given->second);
    auto followed = Follow(*q, value);
    if (!followed) return tl::unexpected(followed.error());
    walk.path.push_back(WalkedAnswer{q->id, q->text, value, followed->second});
    Merge(*followed->first, walk.outcome);
    q = followed->first->next.empty() ? nullptr : questionnaire.Find(followed->first->next);
  }
  walk.next = q;
  return walk;
}

AnsweredQuestionnaire RecordWalk(const Questionnaire& questionnaire, const Walk& walk) {
  return AnsweredQuestionnaire{
      questionnaire.id,         questionnaire.version, questionnaire.title,  walk.path,
      walk.complete(),          walk.outcome.fix,      walk.outcome.resolve, walk.outcome.route,
      questionnaire.for_clients};
}

std::string AnswersInWords(const std::vector<WalkedAnswer>& answers) {
  std::string out;
  for (const WalkedAnswer& a : answers) out += (out.empty() ? "" : "\n") + a.text + " " + a.label;
  return out;
}

}  // namespace tierdesk::core
