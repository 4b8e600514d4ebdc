// tierdesk command line: wiring only; every rule lives in the libraries.
#include <date/tz.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "common/utf8.h"
#include "http/api/api.h"
#include "http/auth/auth.h"
#include "json/bounded.h"
#include "json/codec.h"
#include "main/mail_cli.h"
#include "main/procedure_file.h"
#include "main/replay_input.h"
#include "main/scenario.h"
#include "main/serve/serving_node.h"
#include "main/serve_config.h"
#include "main/spool.h"
#include "main/store_open.h"
#include "main/ticket_display.h"
#include "main/timeline.h"
#include "procedure/loader.h"
#include "service/read_ahead_steps.h"
#include "service/replay.h"
#include "service/scheduler.h"
#include "service/ticket_service.h"
#include "store/copy/store_copy.h"
#include "store/memory/memory_store.h"
#include "store/sqlite/sqlite_store.h"

namespace tierdesk::cli {
namespace {

constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;    // the run worked and found something wrong (a scenario failed)
constexpr int kExitBadInput = 2;  // the input or arguments are wrong; nothing was changed

std::optional<core::Procedure> LoadOrReport(const std::string& file) {
  auto loaded = procedure::LoadProcedureFile(file);
  if (!loaded.procedure) std::cerr << procedure::FormatProblems(file, loaded.problems);
  return std::move(loaded.procedure);
}

int Validate(const std::vector<std::string>& files) {
  int status = kExitOk;
  for (const auto& file : files) {
    auto p = LoadOrReport(file);
    if (!p) {
      status = kExitBadInput;
      continue;
    }
    std::cout << file << ": ok: " << p->name << ": " << p->tiers.size() << " tiers, "
              << p->people.size() << " people, " << p->assets.size() << " assets, "
              << p->calendars.size() << " calendars, " << p->questionnaires.size()
              << " questionnaires\n";
  }
  return status;
}

Result<std::unique_ptr<service::Store>> OpenStore(const std::string& db,
                                                  StoreRole role = StoreRole::kOther,
                                                  const std::string& node = "") {
  auto store = OpenStoreAt(db, role, node);
  if (!store) std::cerr << "tierdesk: " << store.error().ToString() << "\n";
  return store;
}

int Init(const std::string& db, const std::string& procedure_file) {
  auto p = LoadOrReport(procedure_file);
  if (!p) return kExitBadInput;
  auto store = OpenStore(db);
  if (!store) return kExitBadInput;
  for (auto [key, value] :
       {std::pair{"procedure_id", p->id},
        std::pair{"procedure_path", std::filesystem::absolute(procedure_file).string()}})
    if (auto s = (*store)->PutSetting(key, value); !s) {
      std::cerr << "tierdesk: " << s.error().ToString() << "\n";
      return kExitFailed;
    }
  auto version = (*store)->SchemaVersion();
  if (!version) {
    std::cerr << "tierdesk: " << version.error().ToString() << "\n";
    return kExitFailed;
  }
  std::cout << "initialised " << db << " (schema version " << *version << ") for \"" << p->name
            << "\": " << p->tiers.size() << " tiers, " << p->people.size() << " people, "
            << p->assets.size() << " assets\n";
  for (const auto& tier : p->tiers) {
    std::cout << "  tier " << tier.id << " - " << tier.name;
    if (!tier.routing_kind.empty()) std::cout << " (routed by " << tier.routing_kind << ")";
    std::cout << "\n";
  }
  return kExitOk;
}

// Runs `steps` in memory: the scheduler rebuilt from `store`, the clock from ReplayStart.
// Returns the number of surprises, or an error.
Result<int> RunReplayOn(service::Store& store, const core::Procedure& p,
                        service::ReplaySteps& steps, std::optional<Timestamp> until,
                        TimelineRecorder& recorder) {
  service::Scheduler scheduler;
  service::TicketService service(store, p, &scheduler);
  scheduler.Attach(&service);
  if (auto s = scheduler.Rebuild(store); !s) return tl::unexpected(s.error());
  // The replayer moves the clock to the first step, or to the earliest deadline an earlier
  // run left in the store, so each fires at its own instant.
  VirtualClock clock(Timestamp::min());
  service::Replayer replayer(service, scheduler, clock);
  return replayer.Run(steps, until, recorder);
}

// Runs `steps` against `db` (a SQLite file) in one transaction, kept only when no step went
// against its expectation: nothing is half-applied, and the month costs one fsync, not one per
// command. Returns the number of surprises, or an error.
Result<int> RunReplayOnFile(const std::string& db, const core::Procedure& p,
                            service::ReplaySteps& steps, std::optional<Timestamp> until,
                            TimelineRecorder& recorder) {
  store::SqliteOptions options;
  // A month's tickets are worked on over hours or days; holding more of them decoded saves
  // parsing their state again at each command.
  options.ticket_cache_entries = 32768;
  auto sqlite = store::SqliteStore::Open(db, options);
  if (!sqlite) return tl::unexpected(sqlite.error());
  if (auto s = (*sqlite)->BeginEnclosingTransaction(); !s) return tl::unexpected(s.error());
  auto surprises = RunReplayOn(**sqlite, p, steps, until, recorder);
  if (auto s = (*sqlite)->EndEnclosingTransaction(surprises && *surprises == 0); !s)
    return tl::unexpected(s.error());
  return surprises;
}

int Replay(const std::string& procedure_file, const std::string& input, const std::string& db,
           const std::string& until_text, const std::string& format) {
  if (IsPostgresUrl(db)) {
    // A replay is applied in one enclosing transaction on a SQLite file; `store copy` then
    // moves the result to PostgreSQL.
    std::cerr << "tierdesk: replay --db takes a SQLite file; copy it to PostgreSQL afterwards "
                 "with `tierdesk store copy`\n";
    return kExitBadInput;
  }
  auto p = LoadOrReport(procedure_file);
  if (!p) return kExitBadInput;
  std::ifstream in(input);
  if (!in) {
    std::cerr << "tierdesk: cannot read '" << input << "'\n";
    return kExitBadInput;
  }
  std::optional<Timestamp> until;
  if (!until_text.empty()) {
    auto t = ParseTimestamp(until_text);
    if (!t) {
      std::cerr << "tierdesk: --until: " << t.error().message << "\n";
      return kExitBadInput;
    }
    until = *t;
  }
  // A failed replay prints no timeline and leaves no new database: the timeline waits in a
  // spool until the last line is replayed, and a file this replay created is removed.
  auto spool = Spool::Open();
  if (!spool) {
    std::cerr << "tierdesk: " << spool.error().message << "\n";
    return kExitFailed;
  }
  const auto* zone = *LocateZone(p->time_zone);
  TimelineRecorder recorder(
      zone, format == "text" ? TimelineRecorder::Format::kText : TimelineRecorder::Format::kJson,
      (*spool)->stream(), std::cerr, input, TimelineRecorder::Entries::kDrop);
  ReplayInputReader reader(in, input);
  service::ReadAheadSteps steps(reader, /*depth=*/4096);
  const bool new_db = !db.empty() && !std::filesystem::exists(db);
  Result<int> surprises;
  if (db.empty()) {
    store::MemoryStore store(store::MemoryStore::Outbox::kDiscard);
    surprises = RunReplayOn(store, *p, steps, until, recorder);
  } else {
    surprises = RunReplayOnFile(db, *p, steps, until, recorder);
  }
  if (surprises && *surprises == 0) {
    if (auto copied = (*spool)->CopyTo(std::cout); !copied) {
      std::cerr << "tierdesk: " << copied.error().message << "\n";
      return kExitFailed;
    }
    std::cout.flush();
    return kExitOk;
  }
  const bool bad_input = !surprises && surprises.error().code == ErrorCode::kInvalidArgument;
  if (bad_input)
    std::cerr << surprises.error().message << "\n";
  else if (!surprises)
    std::cerr << "tierdesk: " << surprises.error().ToString() << "\n";
  if (new_db) {
    std::error_code ignored;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"})
      std::filesystem::remove(db + suffix, ignored);
  }
  if (!db.empty()) std::cerr << "tierdesk: nothing was written to " << db << "\n";
  return bad_input || surprises ? kExitBadInput : kExitFailed;
}

int RunScenarios(const std::vector<std::string>& files, bool verbose) {
  int failed = 0;
  for (const auto& file : files) {
    auto scenario = ReadScenario(file);
    if (!scenario) {
      std::cerr << scenario.error().message << "\n";
      return kExitBadInput;
    }
    const auto* zone = *LocateZone(scenario->procedure.time_zone);
    TimelineRecorder recorder(
        zone, verbose ? TimelineRecorder::Format::kText : TimelineRecorder::Format::kNone,
        std::cout, std::cerr, file);
    store::MemoryStore store;
    service::StepList steps(scenario->steps);
    auto surprises = RunReplayOn(store, scenario->procedure, steps, scenario->until, recorder);
    if (!surprises) {
      std::cerr << file << ": " << surprises.error().ToString() << "\n";
      ++failed;
      continue;
    }
    auto failures = CheckExpectations(*scenario, file, recorder.entries());
    for (const auto& f : failures) std::cerr << f << "\n";
    const bool ok = failures.empty() && *surprises == 0;
    std::cout << (ok ? "PASS " : "FAIL ") << file << " —" << scenario->title << " ("
              << scenario->expectations.size() << " expectations, " << recorder.entries().size()
              << " timeline lines)\n";
    if (!ok) ++failed;
  }
  return failed == 0 ? kExitOk : kExitFailed;
}

int ListTickets(const std::string& db, const std::string& tier, bool open_only) {
  auto store = OpenStore(db);
  if (!store) return kExitBadInput;
  service::TicketFilter filter;
  if (!tier.empty()) filter.tier = tier;
  filter.open_only = open_only;
  // Every ticket, a page at a time through the store's keyset pagination: a queue listing that
  // silently stopped at some count would hide the tickets at its end.
  filter.limit = 500;
  std::printf("%-8s %-9s %-8s %-25s %-14s %s\n", "TICKET", "PRIORITY", "TIER", "STAGE", "ASSIGNEE",
              "TITLE");
  while (true) {
    auto page = (*store)->ListTicketSummaries(filter);
    if (!page) {
      std::cerr << "tierdesk: " << page.error().ToString() << "\n";
      return kExitFailed;
    }
    for (const auto& t : *page)
      std::printf("%-8s %-9s %-8s %-25s %-14s %s\n", core::TicketRef(t.id).c_str(),
                  core::PriorityName(t.priority), t.tier.c_str(), core::StageName(t.stage),
                  t.assignee.empty() ? "-" : t.assignee.c_str(), t.title.c_str());
    if (page->size() < size_t(filter.limit)) return kExitOk;
    const auto& last = page->back();
    filter.after = service::PositionOf(last);
  }
}

// The zone to show a database's times in: that of --procedure, else of the procedure `init`
// recorded; UTC (with a note) when there is neither.
std::optional<const date::time_zone*> DisplayZone(service::Store& store,
                                                  const std::string& procedure_file) {
  std::string path = procedure_file;
  if (path.empty()) {
    auto recorded = store.GetSetting("procedure_path");
    if (recorded && *recorded) path = **recorded;
  }
  if (path.empty()) {
    std::cerr << "tierdesk: no procedure recorded for this database (give --procedure): times "
                 "are in UTC\n";
    return nullptr;
  }
  auto p = LoadOrReport(path);
  if (!p) return std::nullopt;
  return p->zone;
}

int ShowTicket(const std::string& db, const std::string& procedure_file, const std::string& ref) {
  auto id = core::ParseTicketRef(ref);
  if (!id) {
    std::cerr << "tierdesk: '" << ref << "' is not a ticket like TD-42\n";
    return kExitBadInput;
  }
  auto store = OpenStore(db);
  if (!store) return kExitBadInput;
  auto zone = DisplayZone(**store, procedure_file);
  if (!zone) return kExitBadInput;
  auto ticket = (*store)->Load(*id);
  auto events = ticket ? (*store)->Events(*id) : Result<std::vector<core::Event>>();
  if (!ticket || !events) {
    const Error& error = !ticket ? ticket.error() : events.error();
    std::cerr << "tierdesk: " << error.ToString() << "\n";
    return error.code == ErrorCode::kNotFound ? kExitBadInput : kExitFailed;
  }
  std::cout << json::Dump(TicketForDisplay(*ticket, *events, *zone), 2) << "\n";
  return kExitOk;
}

std::optional<std::string> ProcedurePath(service::Store& store, const std::string& file) {
  auto path = ProcedureFileFor(store, file);
  if (!path) {
    std::cerr << "tierdesk: " << path.error().message << "\n";
    return std::nullopt;
  }
  return *path;
}

std::optional<core::Procedure> ProcedureFor(service::Store& store, const std::string& file) {
  auto path = ProcedurePath(store, file);
  if (!path) return std::nullopt;
  return LoadOrReport(*path);
}

int CreateToken(const std::string& db, const std::string& procedure_file, const std::string& actor,
                const std::string& label, bool read_only) {
  auto store = OpenStore(db);
  if (!store) return kExitBadInput;
  auto p = ProcedureFor(**store, procedure_file);
  if (!p) return kExitBadInput;
  auto token = http::IssueToken(actor, label, *p, SystemClock().Now(), read_only);
  if (!token) {
    std::cerr << "tierdesk: " << token.error().ToString() << "\n";
    return kExitBadInput;
  }
  if (auto s = (*store)->PutApiToken(token->record); !s) {
    std::cerr << "tierdesk: " << s.error().ToString() << "\n";
    return kExitFailed;
  }
  std::cout << token->secret << "\n";
  std::cerr << "token " << token->record.id << (read_only ? " (read-only)" : "") << " acts as "
            << actor << "; the secret above is shown only once\n";
  return kExitOk;
}

int SetPassword(const std::string& db, const std::string& procedure_file,
                const std::string& login) {
  auto store = OpenStore(db);
  if (!store) return kExitBadInput;
  auto p = ProcedureFor(**store, procedure_file);
  if (!p) return kExitBadInput;
  if (!core::IsClientActor(login) && p->FindPerson(login) == nullptr) {
    std::cerr << "tierdesk: '" << login
              << "' is neither a person of the procedure nor client:<id>\n";
    return kExitBadInput;
  }
  // From standard input, never from the command line (which other users can read).
  std::string password;
  std::getline(std::cin, password);
  auto hash = http::HashPassword(password);
  if (!hash) {
    std::cerr << "tierdesk: " << hash.error().message << "\n";
    return kExitBadInput;
  }
  if (auto s = (*store)->PutAccount({login, *hash, SystemClock().Now()}); !s) {
    std::cerr << "tierdesk: " << s.error().ToString() << "\n";
    return kExitFailed;
  }
  // Whoever signed in with the old password is signed out: it may be why it was changed.
  auto ended = (*store)->DeleteSessionsOf(login);
  if (!ended) {
    std::cerr << "tierdesk: password set, but its sessions could not be ended: "
              << ended.error().ToString() << "\n";
    return kExitFailed;
  }
  std::cerr << "password set for " << login << "; " << *ended << " session(s) ended\n";
  return kExitOk;
}

// Signs a login out everywhere: its browser sessions end (servers refuse them within a second,
// and close their live streams within the streams' recheck).
int EndSessions(const std::string& db, const std::string& login) {
  auto store = OpenStore(db);
  if (!store) return kExitBadInput;
  auto ended = (*store)->DeleteSessionsOf(login);
  if (!ended) {
    std::cerr << "tierdesk: " << ended.error().ToString() << "\n";
    return kExitFailed;
  }
  std::cout << *ended << " session(s) of " << login << " ended\n";
  return kExitOk;
}

int RevokeToken(const std::string& db, const std::string& id) {
  auto store = OpenStore(db);
  if (!store) return kExitBadInput;
  auto revoked = (*store)->RevokeApiToken(id, SystemClock().Now());
  if (!revoked) {
    std::cerr << "tierdesk: " << revoked.error().ToString() << "\n";
    return kExitFailed;
  }
  if (!*revoked) {
    std::cerr << "tierdesk: no token " << id << "\n";
    return kExitBadInput;
  }
  std::cout << "revoked " << id << "\n";
  return kExitOk;
}

int CopyStore(const std::string& from, const std::string& to) {
  auto copied =
      store::CopyDesk(from, to, [](const std::string& line) { std::cerr << line << "\n"; });
  if (!copied) {
    std::cerr << "tierdesk: " << copied.error().ToString() << "\n";
    return copied.error().code == ErrorCode::kInternal ? kExitFailed : kExitBadInput;
  }
  int64_t rows = 0;
  for (const auto& table : *copied) rows += table.rows;
  std::cout << "copied and verified " << rows << " rows in " << copied->size() << " tables\n";
  return kExitOk;
}

// Runs a node until SIGTERM or SIGINT, then stops it in order (serve/serving_node.h).
int Serve(serve::NodeSettings settings) {
  // Signals are taken by sigwait below, so every thread the node starts blocks them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  // Logs go to stderr: stdout carries only the serving line that scripts and tests read.
  spdlog::set_default_logger(spdlog::stderr_color_mt("tierdesk"));
  if (settings.config.web_root.empty() && std::filesystem::is_directory(TIERDESK_DEFAULT_WEB_ROOT))
    settings.config.web_root = TIERDESK_DEFAULT_WEB_ROOT;
  auto node = serve::ServingNode::Start(std::move(settings));
  if (!node) {
    std::cerr << "tierdesk: " << node.error().message << "\n";
    return node.error().bad_input ? kExitBadInput : kExitFailed;
  }
  std::cout << "tierdesk serving \"" << (*node)->procedure().name << "\" at http://"
            << (*node)->address() << ":" << (*node)->port() << "/" << std::endl;
  int signal = 0;
  sigwait(&signals, &signal);
  spdlog::info("signal {}: finishing requests in flight, then stopping", signal);
  node->reset();
  spdlog::info("stopped cleanly");
  return kExitOk;
}

}  // namespace
}  // namespace tierdesk::cli

int main(int argc, char** argv) {
  using namespace tierdesk::cli;
  // What is stored from the command line must be UTF-8, like everything from outside.
  const CLI::Validator kUtf8(
      [](std::string& text) { return tierdesk::IsValidUtf8(text) ? "" : "not UTF-8"; }, "UTF-8");
  CLI::App app{"tierdesk: tiered support escalation"};
  app.require_subcommand(1);

  std::vector<std::string> files;
  std::string db, procedure_file, input, until, format = "json", tier, ref;
  bool open_only = false, verbose = false;

  auto* validate = app.add_subcommand("validate", "Check procedure files; exit 2 on any problem");
  validate->add_option("files", files, "procedure files (TOML)")->required();

  auto* init = app.add_subcommand("init", "Create or migrate a database for a procedure");
  init->add_option("--db", db, "SQLite database file or postgresql:// URL")->required();
  init->add_option("--procedure", procedure_file, "procedure file (TOML)")->required();

  auto* replay = app.add_subcommand(
      "replay", "Replay timestamped commands (JSON Lines) on a virtual clock; print the timeline");
  replay->add_option("--procedure", procedure_file, "procedure file (TOML)")->required();
  replay->add_option("--input", input, "commands, one JSON object per line")->required();
  replay->add_option("--db", db, "SQLite database to apply them to (default: in memory)");
  replay->add_option("--until", until, "keep firing deadlines up to this RFC 3339 instant");
  replay->add_option("--format", format, "json (JSON Lines) or text")
      ->check(CLI::IsMember({"json", "text"}));

  auto* scenario =
      app.add_subcommand("scenario", "Run scenario files and check their expectations");
  scenario->add_option("files", files, "scenario files")->required();
  scenario->add_flag("--verbose", verbose, "print each timeline");

  auto* tickets = app.add_subcommand("tickets", "List or show tickets");
  tickets->require_subcommand(1);
  auto* list = tickets->add_subcommand("list", "Tickets in queue order (priority, then received)");
  list->add_option("--db", db, "SQLite database file or postgresql:// URL")->required();
  list->add_option("--tier", tier, "only this tier")->check(kUtf8);
  list->add_flag("--open", open_only, "only tickets not closed");
  auto* show = tickets->add_subcommand(
      "show", "One ticket with its history, as JSON; times in the procedure's zone");
  show->add_option("--db", db, "SQLite database file or postgresql:// URL")->required();
  show->add_option("--procedure", procedure_file, "procedure file (default: from init)");
  show->add_option("ticket", ref, "TD-n")->required();

  std::string listen, actor, label, token_id, simulate_from, config_file, web_root;
  size_t threads = 2;
  double rate_limit = 200;
  auto* serve = app.add_subcommand("serve", "Serve the REST API with the live engine");
  serve
      ->add_option("--db", db,
                   "SQLite database file or postgresql:// URL (made by `tierdesk init`)")
      ->required();
  serve->add_option("--procedure", procedure_file,
                    "procedure file (default: the one init recorded)");
  serve->add_option("--listen", listen,
                    "ADDRESS:PORT to listen on (port 0: any free port); default 127.0.0.1:8080");
  serve->add_option("--threads", threads, "HTTP worker threads")->check(CLI::Range(1, 64));
  serve->add_option("--config", config_file,
                    "server settings (TOML): listen, threads, rate "
                    "limit, outbox retries, webhooks");
  serve
      ->add_option("--rate-limit", rate_limit,
                   "requests a second per caller before 429 (bursts of twice that); 0 = off")
      ->check(CLI::NonNegativeNumber);
  serve->add_option("--simulate-from", simulate_from,
                    "run a sandbox on a virtual clock starting at this RFC 3339 instant; staff "
                    "move it with POST /api/v1/clock");
  serve->add_option("--web-root", web_root,
                    "the built web pages to serve at / (default: [web] root of --config, else "
                    "the source tree's web/dist if built)");

  auto* token = app.add_subcommand("token", "Create or revoke API tokens");
  token->require_subcommand(1);
  auto* token_create = token->add_subcommand("create", "Print a new token (shown once)");
  token_create->add_option("--db", db, "SQLite database file or postgresql:// URL")->required();
  token_create->add_option("--procedure", procedure_file, "procedure file (default: from init)");
  token_create->add_option("--actor", actor, "person id, client:<unique user id>, or mail-gateway")
      ->required()
      ->check(kUtf8);
  token_create->add_option("--label", label, "what the token is for")->check(kUtf8);
  bool read_only = false;
  token_create->add_flag("--read-only", read_only, "the token may only read (GET)");
  auto* token_revoke = token->add_subcommand("revoke", "Revoke a token by its id");
  token_revoke->add_option("--db", db, "SQLite database file or postgresql:// URL")->required();
  token_revoke->add_option("id", token_id, "token id")->required();

  std::string server_url = "http://127.0.0.1:8080", token_file;
  auto* gateway = app.add_subcommand(
      "mail-gateway",
      "Hand one received mail (RFC 5322 on standard input) to a running server; for an MTA's "
      "pipe transport. Exit 0 when the server holds it, 75 to try again later, 65 never");
  gateway->add_option("--server", server_url,
                      "the server's base URL (default http://127.0.0.1:8080)");
  gateway
      ->add_option("--token-file", token_file,
                   "file holding a token made with `token create --actor mail-gateway`")
      ->required();

  tierdesk::service::Client client;
  auto* clients = app.add_subcommand("client", "The client directory (who a mail sender is)");
  clients->require_subcommand(1);
  auto* client_add = clients->add_subcommand("add", "Enter or replace a client");
  client_add->add_option("--db", db, "SQLite database file or postgresql:// URL")->required();
  client_add->add_option("--id", client.id, "the client's unique user ID")
      ->required()
      ->check(kUtf8);
  client_add->add_option("--name", client.name, "full name")->check(kUtf8);
  client_add->add_option("--email", client.email, "address their mail comes from")->check(kUtf8);
  client_add->add_option("--organisation", client.organisation, "their organisation")->check(kUtf8);
  client_add->add_option("--phone", client.phone, "their phone number")->check(kUtf8);

  auto* account = app.add_subcommand("account", "Password logins");
  account->require_subcommand(1);
  auto* set_password = account->add_subcommand(
      "set-password", "Set a login's password, read from standard input (argon2id)");
  set_password->add_option("--db", db, "SQLite database file or postgresql:// URL")->required();
  set_password->add_option("--procedure", procedure_file, "procedure file (default: from init)");
  set_password->add_option("--login", actor, "person id, or client:<unique user id>")
      ->required()
      ->check(kUtf8);
  auto* end_sessions = account->add_subcommand(
      "end-sessions", "Sign a login out everywhere: end all its browser sessions");
  end_sessions->add_option("--db", db, "SQLite database file or postgresql:// URL")->required();
  end_sessions->add_option("--login", actor, "person id, or client:<unique user id>")
      ->required()
      ->check(kUtf8);

  std::string copy_from, copy_to;
  auto* store_cmd = app.add_subcommand("store", "The database itself");
  store_cmd->require_subcommand(1);
  auto* copy = store_cmd->add_subcommand(
      "copy",
      "Copy a whole desk into a new database (SQLite file or postgresql:// URL) and verify it; "
      "stop serving the source first");
  copy->add_option("--from", copy_from, "the desk's database now")->required();
  copy->add_option("--to", copy_to, "a new, empty database")->required();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? kExitOk : kExitBadInput;
  }
  if (*validate) return Validate(files);
  if (*init) return Init(db, procedure_file);
  if (*replay) return Replay(procedure_file, input, db, until, format);
  if (*scenario) return RunScenarios(files, verbose);
  if (*list) return ListTickets(db, tier, open_only);
  if (*show) return ShowTicket(db, procedure_file, ref);
  if (*serve) {
    ServeConfig config;
    if (!config_file.empty()) {
      auto loaded = LoadServeConfig(config_file);
      if (!loaded) {
        std::cerr << "tierdesk: " << loaded.error().message << "\n";
        return kExitBadInput;
      }
      config = std::move(*loaded);
    }
    if (serve->count("--listen")) config.listen = listen;
    if (serve->count("--threads")) config.server.threads = threads;
    if (serve->count("--rate-limit")) config.api.requests_per_second = rate_limit;
    if (serve->count("--web-root")) config.web_root = web_root;
    return Serve({db, procedure_file, simulate_from, std::move(config)});
  }
  if (*gateway) return RunMailGateway(server_url, token_file);
  if (*client_add) {
    auto store = OpenStore(db);
    if (!store) return kExitBadInput;
    return AddClient(**store, client);
  }
  if (*token_create) return CreateToken(db, procedure_file, actor, label, read_only);
  if (*token_revoke) return RevokeToken(db, token_id);
  if (*set_password) return SetPassword(db, procedure_file, actor);
  if (*end_sessions) return EndSessions(db, actor);
  if (*copy) return CopyStore(copy_from, copy_to);
  return kExitOk;
}
