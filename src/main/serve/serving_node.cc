#include "main/serve/serving_node.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "http/auth/links.h"
#include "main/mail_cli.h"
#include "main/procedure_file.h"
#include "main/store_open.h"
#include "procedure/loader.h"
#include "service/knowledge_base.h"
#include "service/ticket_search.h"

namespace tierdesk::serve {

namespace {

tl::unexpected<StartError> BadInput(std::string message) {
  return tl::unexpected(StartError{true, std::move(message)});
}
tl::unexpected<StartError> Failed(std::string message) {
  return tl::unexpected(StartError{false, std::move(message)});
}

// "ADDRESS:PORT" into the server's options.
bool ParseListen(const std::string& listen, http::ServerOptions& server) {
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos) return false;
  try {
    const int port = std::stoi(listen.substr(colon + 1));
    if (port < 0 || port > 65535) return false;
    server.address = listen.substr(0, colon);
    server.port = uint16_t(port);
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

// The key that signs mailed links: made once per database and kept in its settings, so every
// node of it, and every restart, signs and checks alike.
Result<std::string> LinkKey(service::SettingsStore& settings) {
  auto stored = settings.GetSetting("link_key");
  if (!stored) return tl::unexpected(stored.error());
  if (*stored) return **stored;
  std::string key = http::NewLinkKey();
  if (auto s = settings.PutSetting("link_key", key); !s) return tl::unexpected(s.error());
  return key;
}

}  // namespace

tl::expected<std::unique_ptr<ServingNode>, StartError> ServingNode::Start(NodeSettings settings) {
  std::unique_ptr<ServingNode> node(new ServingNode(std::move(settings)));
  if (auto started = node->StartParts(); !started) return tl::unexpected(started.error());
  return node;
}

ServingNode::ServingNode(NodeSettings settings)
    : settings_(std::move(settings)),
      shared_(store::IsPostgresUrl(settings_.db)),
      node_name_(shared_ ? cli::NodeName() : "") {}

ServingNode::~ServingNode() {
  // Requests in flight are answered (the members' destructors stop the rest, in order).
  if (server_) server_->Stop();
}

const Clock& ServingNode::clock() const {
  if (virtual_clock_) return *virtual_clock_;
  return system_clock_;
}

tl::expected<void, StartError> ServingNode::StartParts() {
  cli::ServeConfig& config = settings_.config;
  if (!ParseListen(config.listen, config.server))
    return BadInput("--listen must be ADDRESS:PORT, e.g. 127.0.0.1:8080");
  // A sandbox runs on a virtual clock that staff move over the API; production on the system's.
  if (!settings_.simulate_from.empty()) {
    auto start = ParseTimestamp(settings_.simulate_from);
    if (!start) return BadInput("--simulate-from: " + start.error().message);
    virtual_clock_ = std::make_unique<VirtualClock>(*start);
  }
  // A SQLite file is served by one process (flock); a PostgreSQL database by any number of
  // nodes, each under a name of its own.
  if (!shared_) {
    auto serving = cli::ServeLock::Acquire(settings_.db);
    if (!serving) return Failed(serving.error().message);
    file_lock_.emplace(std::move(*serving));
  }
  auto opened =
      OpenConnections(settings_.db, node_name_, config.server.threads, config.imap.has_value());
  if (!opened) return BadInput(opened.error().ToString());
  db_ = std::move(*opened);
  if (shared_) {
    service::DeadlineClaims* claims = db_.upkeep->SharedDeadlines();
    if (claims == nullptr) return Failed("a shared database that shares no deadlines");
    release_.emplace(*claims);
  } else {
    checkpoints_.emplace(*db_.upkeep);
  }

  auto path = cli::ProcedureFileFor(*db_.writer, settings_.procedure_file);
  if (!path) return BadInput(path.error().message);
  procedure_path_ = *path;
  auto loaded = procedure::LoadProcedureFile(procedure_path_);
  if (!loaded.procedure)
    return BadInput(procedure::FormatProblems(procedure_path_, loaded.problems));
  versions_ = std::make_unique<ProcedureVersions>(std::move(*loaded.procedure));
  auto key = LinkKey(*db_.writer);
  if (!key) return Failed(key.error().ToString());
  link_key_ = std::move(*key);
  link_base_ = config.link_base;
  if (auto s = service::RefreshArticleIndex(*db_.writer); !s) return Failed(s.error().ToString());
  if (auto s = service::RefreshTicketIndex(*db_.writer); !s) return Failed(s.error().ToString());

  fan_out_ = std::make_unique<webhook::WebhookFanOut>(config.webhooks);
  // Live updates: woken by each commit of this node's engine. A change another node committed
  // wakes nothing here, so on a shared database the log is also read four times a second.
  http::StreamHubOptions streams = config.streams;
  if (shared_) streams.poll = std::chrono::milliseconds(250);
  streams.cursor_key = link_key_;  // the same on every node: a reconnect may go to another
  stream_hub_ = std::make_unique<http::StreamHub>(*db_.stream_reader, clock(), streams);
  if (auto s = stream_hub_->Start(); !s) return Failed(s.error().ToString());
  // Started once the port is bound (below): a server that cannot listen never fires deadlines.
  engine_ = std::make_unique<service::Engine>(
      *db_.writer, versions_->Current(), clock(),
      service::EngineOptions{.after_commit = [hub = stream_hub_.get()] { hub->Notify(); },
                             .shared_deadlines = shared_,
                             .max_events_per_ticket = int64_t(config.max_events_per_ticket)},
      fan_out_.get());
  if (shared_)
    claimer_ = std::make_unique<service::DeadlineClaimer>(
        *db_.upkeep->SharedDeadlines(), *engine_, clock(), service::ClaimPolicy{},
        [](const Error& e) { spdlog::warn("{}", e.message); });

  webhooks_ = std::make_unique<webhook::WebhookCourier>(config.webhooks, clock());
  std::vector<service::Courier*> couriers = {webhooks_.get()};
  if (config.mail) {
    // A person's address comes from the latest procedure when the page is delivered.
    smtp_ = std::make_unique<mail::SmtpCourier>(
        *config.mail, clock(),
        [versions = versions_.get()](const std::string& person) {
          return versions->EmailOf(person);
        },
        [this](const std::string& action, core::TicketId ticket, const std::string& actor,
               int64_t cycle) { return MailedLink(action, ticket, actor, cycle); });
    couriers.push_back(smtp_.get());
  }
  // A notification given up on is recorded on its ticket, through the engine like any command.
  dispatcher_ = std::make_unique<service::OutboxDispatcher>(
      *db_.outbox, clock(), couriers, config.outbox,
      [engine = engine_.get()](const service::OutboxItem& item, const std::string& error) {
        engine->Submit(core::Command{core::kSystemActor, item.effect.ticket,
                                     core::cmd::DeliveryFailed{
                                         core::EffectKindName(item.effect.kind), item.effect.to,
                                         item.effect.template_name, error},
                                     ""},
                       [](Result<service::Outcome> r) {
                         if (!r) spdlog::warn("recording a failed delivery: {}", r.error().message);
                       });
      });

  if (!config.web_root.empty()) {
    auto site = http::StaticSite::Load(config.web_root);
    if (!site) return BadInput("web pages: " + site.error().message);
    site_ = std::move(*site);
    spdlog::info("serving {} web files ({} bytes) from {}", site_->file_count(),
                 site_->byte_count(), config.web_root);
  }

  http::ApiOptions api_options = config.api;
  api_options.burst = 2 * api_options.requests_per_second;
  api_options.link_key = link_key_;
  api_ = std::make_unique<http::Api>(*engine_, db_.Readers(), versions_->Current(), clock(),
                                     metrics_, api_options, virtual_clock_.get());
  api_->SetStreamHub(stream_hub_.get());
  if (site_) api_->SetStaticSite(&*site_);
  api_->SetProcedureLoader([this] { return versions_->Reload(procedure_path_); });
  // Uploads over the API are checked as this file would be, then written over it and loaded
  // by the loader above, exactly as a reload.
  api_->SetProcedureFile(
      [this](std::string_view text) { return cli::CheckProcedureText(procedure_path_, text); },
      [this](std::string_view text) -> Status {
        auto written = cli::ReplaceFileKeepingPrevious(procedure_path_, text);
        if (written) spdlog::info("procedure file {} replaced over the API", procedure_path_);
        return written;
      });
  // Received mail: handed in over the API by `tierdesk mail-gateway`, or polled from IMAP.
  if (config.mail) {
    intake_settings_.domain = config.mail->domain;
    intake_settings_.own_address = config.mail->from_address;
    intake_settings_.max_attachment_bytes = config.max_attachment_bytes;
    intake_settings_.max_text_bytes = config.api.limits.max_text_bytes;
    api_->SetMailIntake([this](std::string_view raw, service::Store& store) -> Result<json::Json> {
      auto taken = TakeMail(raw, store);
      if (!taken) return tl::unexpected(taken.error());
      return cli::MailOutcomeJson(*taken);
    });
  }
  if (config.imap) {
    mail::ImapSettings imap = *config.imap;
    if (shared_) imap.lease_holder = node_name_;
    poller_ = std::make_unique<mail::ImapPoller>(
        imap, *db_.mailbox,
        [this](std::string_view raw) -> Status {
          auto taken = TakeMail(raw, *db_.mailbox);
          if (!taken) return tl::unexpected(taken.error());
          if (taken->outcome == mail::IntakeOutcome::kRefused)
            spdlog::warn("mail refused and kept as {}: {}", taken->refused_id, taken->reason);
          return Ok();
        },
        &clock());
  }

  http::ServerOptions server_options = config.server;
  server_options.trusted_proxies = config.api.trusted_proxies;
  // The transport refuses what no route takes: the largest of a JSON body, an uploaded file and,
  // when mail is on, a received mail.
  const http::RequestLimits& limits = config.api.limits;
  server_options.max_body_bytes = std::max(
      {limits.max_body_bytes, limits.max_upload_bytes, config.mail ? limits.max_mail_bytes : 0});
  server_ = std::make_unique<http::HttpServer>(*api_);
  if (auto s = server_->Start(server_options); !s) return Failed(s.error().ToString());
  if (auto s = engine_->Start(); !s) return Failed(s.error().ToString());
  if (link_base_.empty())
    link_base_ = "http://" + config.server.address + ":" + std::to_string(server_->port());
  dispatcher_->Start();
  // Uploads no ticket named within upload_ttl are removed, an hour past it: a command checked
  // against an upload just before it lapsed still finds the file.
  upload_sweeper_.Start(std::chrono::minutes(10), [this] {
    SweepUploads();
    return false;
  });
  if (claimer_) claimer_->Start();
  if (poller_) poller_->Start();
  spdlog::info("serving {} on {}:{} with {} threads, {} webhook subscriptions",
               versions_->Current().id, config.server.address, server_->port(),
               config.server.threads, config.webhooks.size());
  if (shared_)
    spdlog::info("node {} on a shared PostgreSQL database", node_name_);
  else
    spdlog::info("database {}", settings_.db);
  return {};
}

Result<mail::IntakeResult> ServingNode::TakeMail(std::string_view raw, service::Store& store) {
  mail::MailIntake intake(
      store, versions_->Current(),
      [engine = engine_.get()](core::Command c) { return engine->Execute(std::move(c)); }, clock(),
      intake_settings_);
  return intake.Accept(raw);
}

std::string ServingNode::MailedLink(const std::string& action, core::TicketId ticket,
                                    const std::string& actor, int64_t cycle) const {
  const Timestamp expires = clock().Now() + http::LinkLifetime(action);
  return link_base_ + "/l/" + http::SignLink(link_key_, {action, ticket, actor, expires, cycle});
}

void ServingNode::SweepUploads() {
  const Timestamp before =
      clock().Now() - settings_.config.api.limits.upload_ttl - std::chrono::hours(1);
  if (auto removed = db_.housekeeping->RemoveUnusedUploads(before); !removed)
    spdlog::warn("removing unused uploads: {}", removed.error().message);
  else if (*removed > 0)
    spdlog::info("removed {} uploaded files no ticket named", *removed);
}

}  // namespace tierdesk::serve
