#include "procedure/questionnaire_reader.h"

#include <algorithm>
#include <functional>
#include <map>
#include <set>

namespace tierdesk::procedure {

using namespace tierdesk::core;

namespace {

bool IsIdentifier(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
}

class QuestionnaireReader {
 public:
  QuestionnaireReader(TomlReader& r, Procedure& p) : r_(r), p_(p) {}

  void Read(const toml::table& doc) {
    std::set<std::string> ids;
    for (const toml::table* t : r_.Tables(doc, "questionnaires", "")) {
      Questionnaire q = ReadOne(*t);
      if (q.id.empty()) continue;
      if (!ids.insert(q.id).second) {
        r_.Add(*t, "questionnaire '" + q.id + "' is defined twice");
        continue;
      }
      p_.questionnaires.push_back(std::move(q));
    }
  }

 private:
  Questionnaire ReadOne(const toml::table& t) {
    Questionnaire q;
    q.line = TomlReader::LineOf(t);
    r_.CheckKeys(t,
                 {"id", "version", "title", "for_clients", "categories", "channels", "questions"},
                 "[[questionnaires]]");
    q.id = r_.Str(t, "id", "[[questionnaires]]", true);
    if (!q.id.empty() && !IsIdentifier(q.id))
      r_.Add(TomlReader::LineOfKey(t, "id"),
             "questionnaire id '" + q.id + "' may hold only a-z, 0-9, '_' and '-'");
    const std::string where = "questionnaire '" + q.id + "'";
    q.version = r_.Int(t, "version", where, 0);
    if (q.version < 1) r_.Add(t, where + " needs a version of 1 or more (answers keep it)");
    q.title = r_.Str(t, "title", where, true);
    q.for_clients = r_.Bool(t, "for_clients", where, false);
    for (const auto& name : r_.StrList(t, "categories", where)) {
      if (auto c = ParseCategory(name))
        q.categories.insert(*c);
      else
        r_.Add(TomlReader::LineOfKey(t, "categories"),
               "unknown category '" + name + "' in " + where);
    }
    for (const auto& name : r_.StrList(t, "channels", where)) {
      if (auto c = ParseChannel(name))
        q.channels.insert(*c);
      else
        r_.Add(TomlReader::LineOfKey(t, "channels"), "unknown channel '" + name + "' in " + where);
    }
    std::set<std::string> question_ids;
    for (const toml::table* qt : r_.Tables(t, "questions", where)) {
      Question question = ReadQuestion(*qt, where);
      if (question.id.empty()) continue;
      if (!question_ids.insert(question.id).second) {
        r_.Add(*qt, "question '" + question.id + "' is defined twice in " + where);
        continue;
      }
      q.questions.push_back(std::move(question));
    }
    if (q.questions.empty()) r_.Add(t, where + " has no [[questionnaires.questions]]");
    if (q.questions.size() > kMaxQuestionsPerQuestionnaire)
      r_.Add(t, where + " has more than " + std::to_string(kMaxQuestionsPerQuestionnaire) +
                    " questions");
    CheckPaths(q, where);
    return q;
  }

  Question ReadQuestion(const toml::table& t, const std::string& in) {
    Question q;
    q.line = TomlReader::LineOf(t);
    q.id = r_.Str(t, "id", "a question of " + in, true);
    if (!q.id.empty() && !IsIdentifier(q.id))
      r_.Add(TomlReader::LineOfKey(t, "id"),
             "question id '" + q.id + "' may hold only a-z, 0-9, '_' and '-'");
    const std::string where = "question '" + q.id + "' of " + in;
    const std::string kind_name = r_.Str(t, "kind", where, true);
    const auto kind = ParseQuestionKind(kind_name);
    if (!kind_name.empty() && !kind)
      r_.Add(TomlReader::LineOfKey(t, "kind"),
             "kind '" + kind_name + "' in " + where + " must be choice, yes_no, text or number");
    q.kind = kind.value_or(QuestionKind::kText);
    q.text = r_.Str(t, "text", where, true);
    q.hint = r_.Str(t, "hint", where);
    const bool answers_branch = q.kind == QuestionKind::kChoice || q.kind == QuestionKind::kYesNo;
    if (answers_branch) {
      r_.CheckKeys(t, {"id", "kind", "text", "hint", "answers"}, where);
    } else {
      r_.CheckKeys(t,
                   {"id", "kind", "text", "hint", "answers", "min", "max", "next", "category",
                    "impact", "urgency", "asset", "fix", "route", "criterion", "resolve"},
                   where);
      q.then = ReadOutcome(t, where);
    }
    if (q.kind == QuestionKind::kNumber) {
      q.min = Number(t, "min", where);
      q.max = Number(t, "max", where);
      if (q.min && q.max && *q.min > *q.max)
        r_.Add(TomlReader::LineOfKey(t, "max"), "max is below min in " + where);
    } else {
      for (const char* key : {"min", "max"})
        if (t.contains(key))
          r_.Add(TomlReader::LineOfKey(t, key), std::string(key) + " is for number questions");
    }
    for (const toml::table* at : r_.Tables(t, "answers", where)) {
      if (q.kind == QuestionKind::kText) {
        r_.Add(*at, where + " is answered in words: it has no [[answers]]");
        break;
      }
      q.choices.push_back(ReadChoice(*at, q, where));
    }
    CompleteChoices(q, t, where);
    return q;
  }

  QuestionChoice ReadChoice(const toml::table& t, const Question& q, const std::string& in) {
    QuestionChoice c;
    const std::string where = "an answer of " + in;
    r_.CheckKeys(t,
                 {"value", "label", "at_least", "next", "category", "impact", "urgency", "asset",
                  "fix", "route", "criterion", "resolve"},
                 where);
    if (q.kind == QuestionKind::kNumber) {
      c.at_least = Number(t, "at_least", where);
      if (!c.at_least) r_.Add(t, "a number question's answers need at_least, in " + in);
      c.value = r_.Str(t, "value", where);
      c.label = r_.Str(t, "label", where);
    } else {
      c.value = r_.Str(t, "value", where, true);
      c.label = r_.Str(t, "label", where);
      if (c.label.empty() && q.kind == QuestionKind::kYesNo)
        c.label = c.value == "yes" ? "Yes" : c.value == "no" ? "No" : c.value;
      if (c.label.empty()) c.label = c.value;
      if (t.contains("at_least"))
        r_.Add(TomlReader::LineOfKey(t, "at_least"), "at_least is for number questions");
    }
    c.then = ReadOutcome(t, where);
    return c;
  }

  // Choices need two distinct values; yes/no has exactly "yes" and "no" (those not listed added
  // with no outcome of their own).
  void CompleteChoices(Question& q, const toml::table& t, const std::string& where) {
    std::set<std::string> values;
    for (const QuestionChoice& c : q.choices)
      if (q.kind != QuestionKind::kNumber && !values.insert(c.value).second)
        r_.Add(t, "answer '" + c.value + "' is listed twice in " + where);
    if (q.kind == QuestionKind::kChoice && values.size() < 2)
      r_.Add(t, where + " needs two answers or more");
    if (q.kind != QuestionKind::kYesNo) return;
    for (const auto& v : values)
      if (v != "yes" && v != "no")
        r_.Add(t, "a yes_no question's answers are 'yes' and 'no', not '" + v + "', in " + where);
    for (const char* v : {"yes", "no"})
      if (!values.count(v))
        q.choices.push_back(QuestionChoice{v, v == std::string("yes") ? "Yes" : "No", {}, {}});
    std::stable_sort(q.choices.begin(), q.choices.end(), [](const auto& a, const auto& b) {
      return a.value == "yes" && b.value != "yes";
    });
  }

  QuestionOutcome ReadOutcome(const toml::table& t, const std::string& where) {
    QuestionOutcome o;
    o.next = r_.Str(t, "next", where);
    if (t.contains("category")) {
      const std::string name = r_.Str(t, "category", where);
      o.category = ParseCategory(name);
      if (!o.category)
        r_.Add(TomlReader::LineOfKey(t, "category"), "unknown category '" + name + "' in " + where);
    }
    for (auto [key, grade] : {std::pair{"impact", &o.impact}, std::pair{"urgency", &o.urgency}}) {
      if (!t.contains(key)) continue;
      const std::string name = r_.Str(t, key, where);
      *grade = ParseGrade(name);
      if (!*grade)
        r_.Add(TomlReader::LineOfKey(t, key),
               std::string(key) + " '" + name + "' must be high, medium or low in " + where);
    }
    o.asset = r_.Str(t, "asset", where);
    if (!o.asset.empty()) {
      if (const Asset* a = p_.FindAsset(o.asset))
        o.asset = a->Key();
      else
        r_.Add(TomlReader::LineOfKey(t, "asset"),
               "asset '" + o.asset + "' in " + where + " is not among the procedure's assets");
    }
    o.fix = r_.Str(t, "fix", where);
    o.route = r_.Str(t, "route", where);
    o.criterion = r_.Str(t, "criterion", where);
    if (!o.route.empty() && p_.FindTier(o.route) == nullptr)
      r_.Add(TomlReader::LineOfKey(t, "route"),
             "route '" + o.route + "' in " + where + " is not a tier of the procedure");
    if (!o.route.empty() && p_.GateFor(o.route) != nullptr)
      r_.Add(TomlReader::LineOfKey(t, "route"),
             "route '" + o.route + "' in " + where +
                 " is behind an approval gate: answers cannot open it");
    if (!o.route.empty() && !ParseHandOffCriterion(o.criterion))
      r_.Add(TomlReader::LineOfKey(t, "route"),
             "route in " + where +
                 " needs a criterion (the hand-off's reason), one of "
                 "needs_deeper_knowledge, potential_bug, code_change, performance, security, "
                 "onsite_required, unresolved_at_tier");
    if (o.route.empty() && !o.criterion.empty())
      r_.Add(TomlReader::LineOfKey(t, "criterion"), "criterion without a route in " + where);
    o.resolve = r_.Bool(t, "resolve", where, false);
    if (o.resolve && o.fix.empty())
      r_.Add(TomlReader::LineOfKey(t, "resolve"),
             "resolve needs the fix it resolves with, in " + where);
    if (o.resolve && !o.route.empty())
      r_.Add(TomlReader::LineOfKey(t, "resolve"),
             "an answer either routes to a tier or lets Level 1 resolve, not both, in " + where);
    return o;
  }

  std::optional<double> Number(const toml::table& t, std::string_view key,
                               const std::string& where) {
    const toml::node* n = t.get(key);
    if (n == nullptr) return std::nullopt;
    if (auto v = n->value<double>()) return *v;
    r_.Add(*n, "'" + std::string(key) + "' must be a number in " + where);
    return std::nullopt;
  }

  // Every `next` names a question of the questionnaire, no walk comes back to a question it
  // asked, and every question is reached from the first.
  void CheckPaths(const Questionnaire& q, const std::string& where) {
    auto nexts = [](const Question& question) {
      std::vector<const std::string*> out;
      if (!question.then.next.empty()) out.push_back(&question.then.next);
      for (const auto& c : question.choices)
        if (!c.then.next.empty()) out.push_back(&c.then.next);
      return out;
    };
    bool all_known = true;
    for (const Question& question : q.questions)
      for (const std::string* next : nexts(question))
        if (q.Find(*next) == nullptr) {
          r_.Add(question.line, "question '" + question.id + "' of " + where +
                                    " leads to unknown question '" + *next + "'");
          all_known = false;
        }
    if (!all_known || q.questions.empty()) return;
    enum class Mark { kNew, kOnPath, kDone };
    std::map<std::string, Mark> marks;
    std::function<void(const Question&)> visit = [&](const Question& question) {
      marks[question.id] = Mark::kOnPath;
      for (const std::string* next : nexts(question)) {
        const Mark m = marks.count(*next) ? marks[*next] : Mark::kNew;
        if (m == Mark::kOnPath)
          r_.Add(question.line, "question '" + question.id + "' of " + where + " leads back to '" +
                                    *next + "': a walk must end");
        else if (m == Mark::kNew)
          visit(*q.Find(*next));
      }
      marks[question.id] = Mark::kDone;
    };
    visit(q.questions[0]);
    for (const Question& question : q.questions)
      if (!marks.count(question.id))
        r_.Add(question.line, "question '" + question.id + "' of " + where +
                                  " is not reached from the first question");
  }

  TomlReader& r_;
  Procedure& p_;
};

}  // namespace

void ReadQuestionnaires(const toml::table& doc, TomlReader& reader, Procedure& procedure) {
  QuestionnaireReader(reader, procedure).Read(doc);
}

}  // namespace tierdesk::procedure
