#include "json/article_codec.h"

namespace tierdesk::json {

using core::Article;
using core::ArticleVersion;

namespace {

Json VersionToJson(const ArticleVersion& v) {
  Json files = Json::array();
  for (const core::Attachment& a : v.attachments) files.push_back(AttachmentToJson(a));
  return Json{{"number", v.number},
              {"title", v.title},
              {"body", v.body},
              {"author", v.author},
              {"at", EpochSeconds(v.at)},
              {"note", v.note},
              {"attachments", std::move(files)}};
}

ArticleVersion VersionFromJson(const Json& j) {
  ArticleVersion v;
  v.number = j.at("number").get<int>();
  v.title = j.at("title").get<std::string>();
  v.body = j.at("body").get<std::string>();
  v.author = j.at("author").get<std::string>();
  v.at = FromEpochSeconds(j.at("at").get<int64_t>());
  v.note = j.at("note").get<std::string>();
  for (const Json& a : j.at("attachments")) v.attachments.push_back(AttachmentFromJson(a));
  return v;
}

}  // namespace

Json ArticleVisibilityToJson(const core::ArticleVisibility& v) {
  return Json{{"audience", core::ArticleAudienceName(v.audience)},
              {"clients", v.clients},
              {"organisations", v.organisations}};
}

Result<core::ArticleVisibility> ArticleVisibilityFromJson(const Json& j) {
  auto malformed = [] {
    return Fail(ErrorCode::kInvalidArgument,
                "visibility is {audience: internal, all_clients or named, clients: [user IDs], "
                "organisations: [names]}",
                "visibility");
  };
  if (!j.is_object()) return malformed();
  core::ArticleVisibility v;
  for (const auto& item : j.items()) {
    const std::string& key = item.key();
    const Json& value = item.value();
    if (key == "audience") {
      auto audience =
          value.is_string() ? core::ParseArticleAudience(value.get<std::string>()) : std::nullopt;
      if (!audience) return malformed();
      v.audience = *audience;
    } else if (key == "clients" || key == "organisations") {
      if (!value.is_array()) return malformed();
      auto& list = key == "clients" ? v.clients : v.organisations;
      for (const Json& name : value) {
        if (!name.is_string()) return malformed();
        list.push_back(name.get<std::string>());
      }
    } else {
      return Fail(ErrorCode::kInvalidArgument, "unknown field 'visibility." + key + "'",
                  "visibility");
    }
  }
  return v;
}

Json ArticleToJson(const Article& a) {
  Json versions = Json::array();
  for (const ArticleVersion& v : a.versions) versions.push_back(VersionToJson(v));
  Json categories = Json::array();
  for (core::Category c : a.categories) categories.push_back(core::CategoryName(c));
  return Json{{"id", a.id},
              {"revision", a.revision},
              {"status", core::ArticleStatusName(a.status)},
              {"visibility", ArticleVisibilityToJson(a.visibility)},
              {"versions", std::move(versions)},
              {"published_version", a.published_version},
              {"published_by", a.published_by},
              {"published_at", a.published_at ? Json(EpochSeconds(*a.published_at)) : Json()},
              {"reviewer", a.reviewer},
              {"review_note", a.review_note},
              {"assets", a.assets},
              {"categories", std::move(categories)},
              {"tickets", a.tickets}};
}

Result<Article> ArticleFromJson(const Json& j) {
  try {
    Article a;
    a.id = j.at("id").get<core::ArticleId>();
    a.revision = j.at("revision").get<int64_t>();
    a.status = core::ParseArticleStatus(j.at("status").get<std::string>()).value();
    auto visibility = ArticleVisibilityFromJson(j.at("visibility"));
    if (!visibility) return tl::unexpected(visibility.error());
    a.visibility = std::move(*visibility);
    for (const Json& v : j.at("versions")) a.versions.push_back(VersionFromJson(v));
    a.published_version = j.at("published_version").get<int>();
    a.published_by = j.at("published_by").get<std::string>();
    if (!j.at("published_at").is_null())
      a.published_at = FromEpochSeconds(j.at("published_at").get<int64_t>());
    a.reviewer = j.at("reviewer").get<std::string>();
    a.review_note = j.at("review_note").get<std::string>();
    a.assets = j.at("assets").get<std::vector<std::string>>();
    for (const Json& c : j.at("categories"))
      a.categories.push_back(core::ParseCategory(c.get<std::string>()).value());
    a.tickets = j.at("tickets").get<std::vector<core::TicketId>>();
    return a;
  } catch (const std::exception& e) {
    return Fail(ErrorCode::kInternal, std::string("stored article unreadable: ") + e.what());
  }
}

}  // namespace tierdesk::json
