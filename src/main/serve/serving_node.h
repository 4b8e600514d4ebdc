#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/clock.h"
#include "http/api/api.h"
#include "http/api/metrics.h"
#include "http/transport/server.h"
#include "http/pages/static_site.h"
#include "http/live/stream_hub.h"
#include "mail/imap_poller.h"
#include "mail/intake.h"
#include "mail/smtp_courier.h"
#include "main/serve/connections.h"
#include "main/serve/procedure_versions.h"
#include "main/serve/upkeep.h"
#include "main/serve_config.h"
#include "main/serve_lock.h"
#include "service/deadline_claimer.h"
#include "service/engine.h"
#include "service/outbox_dispatcher.h"
#include "service/periodic.h"
#include "webhook/webhooks.h"

namespace tierdesk::serve {

// What `tierdesk serve` was asked to run.
struct NodeSettings {
  std::string db;              // a SQLite file or a postgresql:// URL
  std::string procedure_file;  // empty: the one `tierdesk init` recorded for the database
  std::string simulate_from;   // a sandbox's start time on a virtual clock; empty: the system's
  cli::ServeConfig config;
};

// Why a node did not start: what to tell the operator, and whether what they gave was wrong
// (a file, an option, a database that cannot be opened) or the start itself failed (the port
// is taken, another process serves the database).
struct StartError {
  bool bad_input = false;
  std::string message;
};

// One serving process: every part of `tierdesk serve`, declared so that destroying the node
// stops them in order (see the members): no new requests first, the engine's queue committed
// before anything it answers through goes, and the write-ahead log folded in last. Nothing
// acknowledged is lost.
class ServingNode {
 public:
  // Opens the database, loads the procedure, binds the port and starts every part; the serving
  // line for scripts is the caller's to print (port() is known by then).
  [[nodiscard]] static tl::expected<std::unique_ptr<ServingNode>, StartError> Start(
      NodeSettings settings);
  ~ServingNode();
  ServingNode(const ServingNode&) = delete;
  ServingNode& operator=(const ServingNode&) = delete;

  uint16_t port() const { return server_->port(); }
  const std::string& address() const { return settings_.config.server.address; }
  const core::Procedure& procedure() const { return versions_->Current(); }

 private:
  explicit ServingNode(NodeSettings settings);
  [[nodiscard]] tl::expected<void, StartError> StartParts();
  [[nodiscard]] Result<mail::IntakeResult> TakeMail(std::string_view raw, service::Store& store);
  const Clock& clock() const;
  std::string MailedLink(const std::string& action, core::TicketId ticket, const std::string& actor,
                         int64_t cycle) const;
  void SweepUploads();

  // Destroyed from the bottom up: the server first (requests in flight are answered), then what
  // runs on its own (the mailbox, the sweeper, the outbox, the deadline claims), then the engine
  // commits what is queued and answers it through the Api, the stream hub stops, and only then
  // the Api goes, with what it answers through; the deadlines this node held are handed back
  // and the WAL's last checkpoint runs after every commit. Started in StartParts, in an order of
  // its own (each part after what it refers to; the server binds before the engine starts).
  NodeSettings settings_;
  const bool shared_;  // a PostgreSQL database other nodes may serve too
  const std::string node_name_;
  std::optional<cli::ServeLock> file_lock_;  // a SQLite file is served by one process
  Connections db_;
  std::optional<WalCheckpoints> checkpoints_;
  std::optional<DeadlineRelease> release_;
  SystemClock system_clock_;
  std::unique_ptr<VirtualClock> virtual_clock_;
  std::string procedure_path_;
  std::unique_ptr<ProcedureVersions> versions_;
  std::string link_key_;   // signs mailed links; the same on every node of a database
  std::string link_base_;  // where mailed links point; known once the port is bound
  http::Metrics metrics_;
  std::optional<http::StaticSite> site_;
  mail::IntakeSettings intake_settings_;
  // Outlives the engine and the hub: the engine's last answers, and the hub's checks of who is
  // still staff, call into it.
  std::unique_ptr<http::Api> api_;
  std::unique_ptr<webhook::WebhookFanOut> fan_out_;
  std::unique_ptr<http::StreamHub> stream_hub_;
  std::unique_ptr<service::Engine> engine_;
  std::unique_ptr<service::DeadlineClaimer> claimer_;
  std::unique_ptr<webhook::WebhookCourier> webhooks_;
  std::unique_ptr<mail::SmtpCourier> smtp_;
  std::unique_ptr<service::OutboxDispatcher> dispatcher_;
  service::Periodic upload_sweeper_;
  std::unique_ptr<mail::ImapPoller> poller_;
  std::unique_ptr<http::HttpServer> server_;
};

}  // namespace tierdesk::serve
