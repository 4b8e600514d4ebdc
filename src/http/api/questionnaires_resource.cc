#include "http/api/questionnaires_resource.h"

#include "core/visibility.h"
#include "http/api/api_util.h"

namespace tierdesk::http {
namespace {

using core::Questionnaire;

json::Json QuestionView(const core::Question& q) {
  json::Json view{{"id", q.id},
                  {"text", q.text},
                  {"hint", q.hint},
                  {"kind", core::QuestionKindName(q.kind)},
                  {"min", q.min ? json::Json(*q.min) : json::Json(nullptr)},
                  {"max", q.max ? json::Json(*q.max) : json::Json(nullptr)}};
  view["choices"] = json::Json::array();
  if (q.kind == core::QuestionKind::kChoice || q.kind == core::QuestionKind::kYesNo)
    for (const core::QuestionChoice& c : q.choices)
      view["choices"].push_back({{"value", c.value}, {"label", c.label}});
  return view;
}

json::Json OutcomeView(const core::QuestionOutcome& o) {
  auto grade = [](const std::optional<core::Grade>& g) {
    return g ? json::Json(core::GradeName(*g)) : json::Json(nullptr);
  };
  return {
      {"fix", o.fix},
      {"resolve", o.resolve},
      {"category", o.category ? json::Json(core::CategoryName(*o.category)) : json::Json(nullptr)},
      {"impact", grade(o.impact)},
      {"urgency", grade(o.urgency)},
      {"asset", o.asset},
      {"route", o.route},
      {"criterion", o.criterion}};
}

}  // namespace

ApiResponse QuestionnairesResource::List(const ApiRequest& request, const Principal& who) {
  if (auto refused = NotForGateway(who)) return std::move(*refused);
  ApiResponse error;
  auto query = ParseQuery(request.query, error);
  if (!query) return error;
  std::optional<core::Category> category;
  std::optional<core::Channel> channel;
  for (const auto& [key, value] : *query) {
    if (key == "category") {
      category = core::ParseCategory(value);
      if (!category)
        return ErrorResponse(Refusal::kInvalidArgument,
                             "category must be incident, service_request, change_request or defect",
                             "category");
    } else if (key == "channel") {
      channel = core::ParseChannel(value);
      if (!channel)
        return ErrorResponse(Refusal::kInvalidArgument,
                             "channel must be email, web, phone, chat, walk_in, social or api",
                             "channel");
    } else {
      return ErrorResponse(Refusal::kInvalidArgument, "unknown query parameter '" + key + "'", key);
    }
  }
  const core::Procedure& p = *procedure_;
  json::Json list = json::Json::array();
  for (const Questionnaire& q : p.questionnaires) {
    if (!core::MayWalk(q, who.is_client()) || !q.OfferedFor(category, channel)) continue;
    json::Json categories = json::Json::array(), channels = json::Json::array();
    for (core::Category c : q.categories) categories.push_back(core::CategoryName(c));
    for (core::Channel c : q.channels) channels.push_back(core::ChannelName(c));
    list.push_back({{"id", q.id},
                    {"version", q.version},
                    {"title", q.title},
                    {"for_clients", q.for_clients},
                    {"categories", std::move(categories)},
                    {"channels", std::move(channels)},
                    {"first", QuestionView(q.questions.front())}});
  }
  json::Json body = json::Json::object();
  body["questionnaires"] = std::move(list);
  return Json(200, body);
}

ApiResponse QuestionnairesResource::Walk(const ApiRequest& request, const Principal& who,
                                         const std::string& id) {
  if (auto refused = NotForGateway(who)) return std::move(*refused);
  const core::Procedure& p = *procedure_;
  const Questionnaire* q = p.FindQuestionnaire(id);
  if (q == nullptr || !core::MayWalk(*q, who.is_client()))
    return ErrorResponse(Refusal::kNotFound, "no questionnaire '" + id + "'");
  ApiResponse error;
  auto body = ParseBody(request.body, limits_, error);
  if (!body) return error;
  core::GivenAnswers answers;
  for (const auto& [key, value] : body->items()) {
    if (key != "answers")
      return ErrorResponse(Refusal::kInvalidArgument, "unknown field '" + key + "'", key);
    if (!value.is_object())
      return ErrorResponse(Refusal::kInvalidArgument, "'answers' must be an object of strings",
                           "answers");
    for (const auto& [question, answer] : value.items()) {
      if (!answer.is_string())
        return ErrorResponse(Refusal::kInvalidArgument,
                             "'answers." + question + "' must be a string", "answers." + question);
      answers[question] = answer.get<std::string>();
    }
  }
  auto walk = core::WalkQuestionnaire(*q, answers);
  if (!walk) return ErrorResponse(walk.error());
  json::Json path = json::Json::array();
  for (const core::WalkedAnswer& a : walk->path)
    path.push_back(
        {{"question", a.question}, {"text", a.text}, {"value", a.value}, {"label", a.label}});
  const core::QuestionOutcome outcome =
      who.is_client() ? core::WhatClientSees(walk->outcome) : walk->outcome;
  json::Json view{{"id", q->id},
                  {"version", q->version},
                  {"title", q->title},
                  {"path", std::move(path)},
                  {"complete", walk->complete()},
                  {"outcome", OutcomeView(outcome)}};
  view["next"] = walk->next != nullptr ? QuestionView(*walk->next) : json::Json(nullptr);
  return Json(200, view);
}

}  // namespace tierdesk::http
