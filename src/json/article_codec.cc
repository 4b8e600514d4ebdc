#include "json/article_codec.h"

#include <algorithm>

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

Result<Article> ArticleFromStoredText(std::string_view text) {
  const Json j = Json::parse(text, nullptr, false);
  if (j.is_discarded()) return Fail(ErrorCode::kInternal, "a stored article is not JSON");
  return ArticleFromJson(j);
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
    if (a.versions.empty())
      return Fail(ErrorCode::kInternal,
                  "stored article " + core::ArticleRef(a.id) + " has no text");
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

Result<ArticleRequest> ArticleRequestFromJson(const Json& j,
                                              std::initializer_list<std::string_view> allowed) {
  if (!j.is_object()) return Fail(ErrorCode::kInvalidArgument, "the body must be an object");
  ArticleRequest r;
  auto strings = [](const Json& v, const std::string& key) -> Result<std::vector<std::string>> {
    std::vector<std::string> out;
    if (!v.is_array())
      return Fail(ErrorCode::kInvalidArgument, "'" + key + "' must be an array of strings", key);
    for (const Json& item : v) {
      if (!item.is_string())
        return Fail(ErrorCode::kInvalidArgument, "'" + key + "' must be an array of strings", key);
      out.push_back(item.get<std::string>());
    }
    return out;
  };
  for (const auto& item : j.items()) {
    const std::string& key = item.key();
    const Json& v = item.value();
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end())
      return Fail(ErrorCode::kInvalidArgument, "unknown field '" + key + "'", key);
    if (key == "title" || key == "body" || key == "note" || key == "reason") {
      if (!v.is_string())
        return Fail(ErrorCode::kInvalidArgument, "'" + key + "' must be a string", key);
      (key == "title"  ? r.title
       : key == "body" ? r.body
       : key == "note" ? r.note
                       : r.reason) = v.get<std::string>();
    } else if (key == "attachments") {
      auto files = AttachmentRefsFromJson(&v, key);
      if (!files) return tl::unexpected(files.error());
      r.attachments = std::move(*files);
    } else if (key == "visibility") {
      auto visibility = ArticleVisibilityFromJson(v);
      if (!visibility) return tl::unexpected(visibility.error());
      r.visibility = std::move(*visibility);
    } else if (key == "assets") {
      auto assets = strings(v, key);
      if (!assets) return tl::unexpected(assets.error());
      r.assets = std::move(*assets);
    } else if (key == "categories") {
      auto names = strings(v, key);
      if (!names) return tl::unexpected(names.error());
      r.categories.emplace();
      for (const std::string& name : *names) {
        auto c = core::ParseCategory(name);
        if (!c)
          return Fail(ErrorCode::kInvalidArgument,
                      "categories are incident, service_request, change_request or defect", key);
        r.categories->push_back(*c);
      }
    } else if (key == "tickets") {
      auto refs = strings(v, key);
      if (!refs) return tl::unexpected(refs.error());
      r.tickets.emplace();
      for (const std::string& ref : *refs) {
        auto id = core::ParseTicketRef(ref);
        if (!id) return Fail(ErrorCode::kInvalidArgument, "'" + ref + "' is no ticket", key);
        r.tickets->push_back(*id);
      }
    } else {
      return Fail(ErrorCode::kInvalidArgument, "unknown field '" + key + "'", key);
    }
  }
  return r;
}

}  // namespace tierdesk::json
