#include "main/serve_config.h"

#include <toml++/toml.h>

#include <map>

namespace tierdesk::cli {

namespace {

tl::unexpected<Error> Bad(const std::string& path, const toml::node& at, const std::string& why) {
  return Fail(ErrorCode::kInvalidArgument,
              path + ":" + std::to_string(at.source().begin.line) + ": " + why);
}

}  // namespace

Result<ServeConfig> LoadServeConfig(const std::string& path) {
  toml::table doc;
  try {
    doc = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    return Fail(ErrorCode::kInvalidArgument, path + ":" + std::to_string(e.source().begin.line) +
                                                 ": " + std::string(e.description()));
  }
  ServeConfig c;
  for (const auto& [key, node] : doc)
    if (key != "server" && key != "outbox" && key != "webhooks" && key != "mail" && key != "imap" &&
        key != "limits" && key != "web")
      return Bad(path, node, "unknown section '" + std::string(key.str()) + "'");
  if (const toml::table* server = doc["server"].as_table()) {
    for (const auto& [key, node] : *server) {
      if (key == "listen" && node.is_string())
        c.listen = *node.value<std::string>();
      else if (key == "threads" && node.is_integer() && *node.value<int64_t>() > 0)
        c.server.threads = size_t(*node.value<int64_t>());
      else if (key == "rate_limit" && (node.is_integer() || node.is_floating_point()) &&
               *node.value<double>() >= 0)
        c.api.requests_per_second = *node.value<double>();
      else if (key == "secure_cookies" && node.is_boolean())
        c.api.secure_cookies = *node.value<bool>();
      else if (key == "metrics_token" && node.is_string()) {
        c.api.metrics_token = *node.value<std::string>();
        if (c.api.metrics_token.size() < 16)
          return Bad(path, node, "metrics_token needs at least 16 characters");
      } else if (key == "max_connections" && node.is_integer() && *node.value<int64_t>() > 0)
        c.server.max_connections = size_t(*node.value<int64_t>());
      else if (key == "max_connections_per_address" && node.is_integer() &&
               *node.value<int64_t>() > 0)
        c.server.max_connections_per_address = size_t(*node.value<int64_t>());
      else if (key == "password_threads" && node.is_integer() && *node.value<int64_t>() > 0)
        c.api.password_threads = size_t(*node.value<int64_t>());
      else if (key == "trusted_proxies" && node.is_array()) {
        for (const toml::node& item : *node.as_array()) {
          if (!item.is_string())
            return Bad(path, item, "trusted_proxies lists addresses or networks as strings");
          auto range = http::AddressRange::Parse(*item.value<std::string>());
          if (!range) return Bad(path, item, "trusted_proxies: " + range.error().message);
          c.api.trusted_proxies.push_back(*range);
        }
      } else
        return Bad(path, node, "bad or unknown [server] key '" + std::string(key.str()) + "'");
    }
  }
  if (const toml::table* limits = doc["limits"].as_table()) {
    const std::map<std::string_view, size_t*> sizes = {
        {"max_body_bytes", &c.api.limits.max_body_bytes},
        {"max_mail_bytes", &c.api.limits.max_mail_bytes},
        {"max_upload_bytes", &c.api.limits.max_upload_bytes},
        {"max_json_depth", &c.api.limits.max_json_depth},
        {"max_line_bytes", &c.api.limits.max_line_bytes},
        {"max_text_bytes", &c.api.limits.max_text_bytes},
        {"max_notify", &c.api.limits.max_notify},
        {"max_idempotency_key_bytes", &c.api.limits.max_idempotency_key_bytes},
        {"uploads_per_caller", &c.api.limits.uploads_per_caller},
        {"timeline_page", &c.api.limits.timeline_page},
        {"max_reply_bytes", &c.api.limits.max_reply_bytes},
        {"max_events_per_ticket", &c.max_events_per_ticket},
        {"upload_bytes_per_caller", &c.api.limits.upload_bytes_per_caller},
        {"max_url_bytes", &c.server.max_url_bytes},
        {"max_header_bytes", &c.server.max_header_bytes},
        {"max_headers", &c.server.max_headers},
        {"max_streams_per_credential", &c.streams.max_streams_per_credential},
        {"max_streams_per_actor", &c.streams.max_streams_per_actor},
        {"max_streams", &c.streams.max_streams}};
    const std::map<std::string_view, int*> logins = {
        {"login_failures_per_login_and_address", &c.api.login.free_failures_per_login_and_address},
        {"login_failures_per_address", &c.api.login.free_failures_per_address},
        {"login_failures_per_login", &c.api.login.free_failures_per_login}};
    for (const auto& [key, node] : *limits) {
      if (auto it = sizes.find(key.str());
          it != sizes.end() && node.is_integer() && *node.value<int64_t>() > 0) {
        *it->second = size_t(*node.value<int64_t>());
      } else if (auto free = logins.find(key.str());
                 free != logins.end() && node.is_integer() && *node.value<int64_t>() >= 0) {
        *free->second = int(std::min<int64_t>(*node.value<int64_t>(), 1000000));
      } else if ((key == "login_max_delay" || key == "stream_lifetime" || key == "upload_ttl") &&
                 node.is_string()) {
        auto d = ParseFineDuration(*node.value<std::string>());
        if (!d || *d <= Seconds{0})
          return Bad(path, node, std::string(key.str()) + " must be a duration like \"15m\"");
        (key == "login_max_delay"   ? c.api.login.max_delay
         : key == "stream_lifetime" ? c.streams.max_lifetime
                                    : c.api.limits.upload_ttl) = *d;
      } else {
        return Bad(path, node, "bad or unknown [limits] key '" + std::string(key.str()) + "'");
      }
    }
  }
  if (const toml::table* outbox = doc["outbox"].as_table()) {
    for (const auto& [key, node] : *outbox) {
      if (key == "max_attempts" && node.is_integer() && *node.value<int64_t>() > 0) {
        c.outbox.max_attempts = int(*node.value<int64_t>());
        continue;
      }
      if ((key == "retry_base" || key == "retry_max" || key == "lease") && node.is_string()) {
        auto d = ParseFineDuration(*node.value<std::string>());
        if (!d || *d <= Seconds{0})
          return Bad(path, node, d ? "must be positive" : d.error().message);
        (key == "retry_base" ? c.outbox.retry_base
         : key == "retry_max" ? c.outbox.retry_max
                              : c.outbox.lease) = *d;
        continue;
      }
      return Bad(path, node, "bad or unknown [outbox] key '" + std::string(key.str()) + "'");
    }
  }
  if (const toml::table* mail = doc["mail"].as_table()) {
    mail::SmtpSettings m;
    for (const auto& [key, node] : *mail) {
      std::string* text = key == "smtp_url"    ? &m.url
                          : key == "username"  ? &m.username
                          : key == "password"  ? &m.password
                          : key == "from"      ? &m.from_address
                          : key == "from_name" ? &m.from_name
                          : key == "domain"    ? &m.domain
                          : key == "ca_file"   ? &m.ca_file
                                               : nullptr;
      if (text != nullptr && node.is_string())
        *text = *node.value<std::string>();
      else if (key == "starttls" && node.is_boolean())
        m.starttls = *node.value<bool>();
      else if (key == "link_base" && node.is_string())
        c.link_base = *node.value<std::string>();
      else if (key == "max_attachment_bytes" && node.is_integer() && *node.value<int64_t>() >= 0)
        c.max_attachment_bytes = *node.value<int64_t>();
      else
        return Bad(path, node, "bad or unknown [mail] key '" + std::string(key.str()) + "'");
    }
    if (m.url.rfind("smtp://", 0) != 0 && m.url.rfind("smtps://", 0) != 0)
      return Bad(path, *mail, "[mail] needs smtp_url = \"smtp://host:port\" or smtps://");
    const auto at = m.from_address.find('@');
    if (at == std::string::npos || at == 0 || at + 1 == m.from_address.size())
      return Bad(path, *mail, "[mail] needs from = \"an address of the help desk\"");
    if (m.domain.empty()) m.domain = m.from_address.substr(at + 1);
    c.mail = std::move(m);
  }
  if (const toml::table* imap = doc["imap"].as_table()) {
    if (!c.mail) return Bad(path, *imap, "[imap] needs [mail]: intake answers and threads by it");
    mail::ImapSettings m;
    for (const auto& [key, node] : *imap) {
      std::string* text = key == "url"        ? &m.url
                          : key == "username" ? &m.username
                          : key == "password" ? &m.password
                          : key == "ca_file"  ? &m.ca_file
                                              : nullptr;
      if (text != nullptr && node.is_string()) {
        *text = *node.value<std::string>();
      } else if (key == "starttls" && node.is_boolean()) {
        m.starttls = *node.value<bool>();
      } else if (key == "poll" && node.is_string()) {
        auto d = ParseFineDuration(*node.value<std::string>());
        if (!d || *d <= Seconds{0})
          return Bad(path, node, "[imap] poll must be a duration like \"30s\"");
        m.poll_interval = *d;
      } else {
        return Bad(path, node, "bad or unknown [imap] key '" + std::string(key.str()) + "'");
      }
    }
    if (m.url.rfind("imap://", 0) != 0 && m.url.rfind("imaps://", 0) != 0)
      return Bad(path, *imap, "[imap] needs url = \"imap://host:port/MAILBOX\" or imaps://");
    c.imap = std::move(m);
  }
  if (const toml::table* web = doc["web"].as_table()) {
    for (const auto& [key, node] : *web) {
      if (key == "root" && node.is_string() && !node.value<std::string>()->empty())
        c.web_root = *node.value<std::string>();
      else
        return Bad(path, node, "bad or unknown [web] key '" + std::string(key.str()) + "'");
    }
  }
  if (const toml::node* hooks = doc.get("webhooks")) {
    const toml::array* list = hooks->as_array();
    if (list == nullptr) return Bad(path, *hooks, "webhooks must be [[webhooks]] tables");
    for (const toml::node& item : *list) {
      const toml::table* t = item.as_table();
      if (t == nullptr) return Bad(path, item, "webhooks must be [[webhooks]] tables");
      webhook::Subscription s;
      for (const auto& [key, node] : *t) {
        if (key == "url" && node.is_string())
          s.url = *node.value<std::string>();
        else if (key == "secret" && node.is_string())
          s.secret = *node.value<std::string>();
        else if (key == "events" && node.is_array()) {
          for (const toml::node& e : *node.as_array()) {
            if (!e.is_string()) return Bad(path, e, "events must be strings");
            s.events.insert(*e.value<std::string>());
          }
        } else {
          return Bad(path, node,
                     "bad or unknown [[webhooks]] key '" + std::string(key.str()) + "'");
        }
      }
      if (s.url.rfind("http://", 0) != 0 && s.url.rfind("https://", 0) != 0)
        return Bad(path, item, "a webhook needs an http:// or https:// url");
      if (s.secret.size() < 16)
        return Bad(path, item, "a webhook needs a secret of at least 16 characters");
      c.webhooks.push_back(std::move(s));
    }
  }
  return c;
}

}  // namespace tierdesk::cli
