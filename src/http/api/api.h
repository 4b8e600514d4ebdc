#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "core/procedure.h"
#include "http/auth/auth.h"
#include "http/transport/client_address.h"
#include "http/live/event_stream.h"
#include "http/auth/login_guard.h"
#include "http/api/metrics.h"
#include "http/api/rate_limiter.h"
#include "http/api/routes.h"
#include "http/live/stream_cursor.h"
#include "http/api/views.h"
#include "http/auth/work_pool.h"
#include "json/codec.h"
#include "service/engine.h"

namespace tierdesk::http {

class StaticSite;

// A request as the API sees it, independent of the HTTP library.
struct ApiRequest {
  std::string method;
  std::string path;
  std::string query;                           // raw, without '?'
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
  std::string remote;  // the peer's address, for limits on unauthenticated callers

  std::string Header(const std::string& lower_name) const;
};

struct ApiResponse {
  int status = 200;
  std::string body;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string route;  // the matched route template, for metrics and logs
  // Set for an event stream: the transport sends the headers, keeps the response open and
  // hands this the stream to write to (the request is then answered, not in flight).
  std::function<void(std::shared_ptr<EventStream>)> stream;
};

// Bounds on what one request may carry; each is a `[limits]` key of serve's config (README).
struct RequestLimits {
  size_t max_body_bytes = 1 << 20;     // a JSON body; refused on Content-Length before reading
  size_t max_mail_bytes = 25 << 20;    // a received mail handed in whole (mail-gateway)
  size_t max_upload_bytes = 10 << 20;  // a file uploaded to attach (POST /api/v1/uploads)
  size_t max_json_depth = 16;          // arrays and objects inside each other
  size_t max_line_bytes = 1000;        // a one-line field: title, names, addresses, ids
  size_t max_text_bytes = 64 << 10;    // a free-text field: description, findings, notes
  size_t max_notify = 20;              // addresses a request names to be kept informed
  size_t max_idempotency_key_bytes = 255;
  // A ticket's timeline is given a page at a time: the ticket view carries the latest
  // `timeline_page` events; /timeline pages of up to 200; any page stops at max_reply_bytes.
  size_t timeline_page = 50;
  size_t max_reply_bytes = 1 << 20;
  // What one caller may upload within upload_ttl, and how long an upload waits to be attached:
  // one no ticket names by then is removed (with its file, unless a ticket names that).
  size_t uploads_per_caller = 100;
  size_t upload_bytes_per_caller = 256 << 20;
  Seconds upload_ttl{24 * 3600};
};

struct ApiOptions {
  RequestLimits limits;
  double requests_per_second = 200;  // per caller, sustained; 0 = no limit
  double burst = 400;
  LoginLimits login;
  size_t password_threads = 1;  // argon2 checks at once (64 MiB each), off the HTTP threads
  size_t password_queue = 64;   // logins waiting for a check; beyond, 503
  // Checks one login, or one address, may have waiting or running at once; beyond, 429: one
  // caller's flood of logins leaves the queue to the others.
  size_t password_checks_per_caller = 2;
  double logins_per_minute = 10;  // sessions opened for one login; beyond, 429 (0 = no limit)
  Seconds session_ttl{12 * 3600};
  std::string link_key;         // signs the one-click links in mail; empty = links refused
  bool secure_cookies = false;  // set behind HTTPS: the session cookie is then Secure
  std::string metrics_token;    // /metrics wants "Bearer <this>"; empty = loopback callers only
  // The reverse proxies whose X-Forwarded-For says who the caller is (docs/deploy.md); a peer
  // not listed is the caller, whatever it sends.
  std::vector<AddressRange> trusted_proxies;
};

class StreamHub;

// The REST API (/api/v1, /healthz, /readyz, /metrics), the mailed links' pages (/l/) and the
// web pages (everything else, from a StaticSite). Handlers only translate: parse, check who may
// do what, hand commands to the Engine, map results and errors to HTTP.
// Thread-safe: called from every HTTP worker thread.
class Api {
 public:
  using Respond = std::function<void(ApiResponse)>;

  // `simulated` is the engine's clock when it is virtual (a training or test sandbox whose
  // time staff move over /api/v1/clock); null in production.
  // `readers` are connections for queries, used one request at a time each (at least one).
  Api(service::Engine& engine, std::vector<service::Store*> readers,
      const core::Procedure& procedure, const Clock& clock, Metrics& metrics,
      ApiOptions options = {}, VirtualClock* simulated = nullptr)
      : engine_(engine),
        readers_(std::move(readers)),
        reader_mus_(readers_.size()),
        procedure_(&procedure),
        clock_(clock),
        metrics_(metrics),
        options_(options),
        limiter_(options.requests_per_second, options.burst),
        login_guard_(options.login),
        logins_(options.logins_per_minute / 60, options.logins_per_minute),
        simulated_(simulated),
        password_checks_(options.password_threads, options.password_queue) {}

  // Answers through `respond`, exactly once, possibly on another thread (writes are answered
  // when they are durable). `request.remote` is the peer's address; behind a trusted proxy the
  // caller's is taken from X-Forwarded-For (ApiOptions::trusted_proxies).
  void Handle(ApiRequest request, Respond respond);

  // Reads the procedure file again for POST /api/v1/procedure/reload: the new procedure (kept
  // alive by the caller for as long as the server runs), or kInvalidArgument whose message
  // lists the validator's problems.
  using ProcedureLoader = std::function<Result<const core::Procedure*>()>;
  void SetProcedureLoader(ProcedureLoader loader) { loader_ = std::move(loader); }

  // A procedure file's text checked as `tierdesk validate` checks the file serve runs (relative
  // iCalendar files from its folder): the procedure, or every problem with its line.
  struct ProcedureProblem {
    int line = 0;  // 1-based; 0 for the file as a whole
    std::string message;
  };
  struct ProcedureCheck {
    std::optional<core::Procedure> procedure;  // set only when `problems` is empty
    std::vector<ProcedureProblem> problems;
  };
  using ProcedureChecker = std::function<ProcedureCheck(std::string_view text)>;
  // Puts checked text in place of the procedure file serve runs, durably, keeping the old one.
  using ProcedureWriter = std::function<Status(std::string_view text)>;
  // For POST /api/v1/procedure/validate and POST /api/v1/procedure (the upload, which then
  // applies the file through the ProcedureLoader as a reload does). Without them both answer 409.
  void SetProcedureFile(ProcedureChecker check, ProcedureWriter write) {
    check_procedure_ = std::move(check);
    write_procedure_ = std::move(write);
  }

  // Takes one received mail (RFC 5322 bytes) into tickets, using `store` for its reads; answers
  // the outcome as JSON. Set when mail is configured; POST /api/v1/mail/inbound calls it.
  using MailIntakeFn =
      std::function<Result<json::Json>(std::string_view raw, service::Store& store)>;
  void SetMailIntake(MailIntakeFn intake) { mail_intake_ = std::move(intake); }

  // Live updates (GET /api/v1/stream) and presence; without a hub they answer 503.
  void SetStreamHub(StreamHub* hub);

  // The built web pages, answered for GET and HEAD outside the API's paths; without them, `/`
  // says how to build them. Set before serving; the site must outlive the Api.
  void SetStaticSite(const StaticSite* site) { site_ = site; }

  // The route table (api_routes.cc): each entry's method, pattern, metrics name and checks.
  static std::span<const RouteInfo> Routes();
  // The largest body the route `method` `target` (a request target, query included) takes: what
  // the transport lets a request bring before it is buffered. A path no route takes gets the
  // JSON limit. Thread-safe.
  size_t BodyLimitFor(std::string_view method, std::string_view target) const;

  // While draining (shutdown), new requests get 503; requests already in flight finish.
  void SetDraining(bool draining) { draining_ = draining; }
  size_t InFlight() const { return in_flight_.load(); }

 private:
  // What a route's handler gets once the checks of its RouteAccess passed.
  struct RouteCall {
    const ApiRequest& request;
    const Principal* who;                    // the caller; null on routes that take no credentials
    const std::vector<std::string>& params;  // the pattern's {parameters}, in order
    const RouteInfo& route;
  };
  using RouteHandler = void (*)(Api& api, const RouteCall& call, Respond respond);
  struct RouteEntry {
    RouteInfo info;
    RouteHandler handler;
  };
  static std::span<const RouteEntry> Table();
  // Finds the request's entry, runs the checks its RouteAccess asks for, then its handler;
  // 405 for a known path with another method; else a page of the site, or 404.
  void Route(const ApiRequest& request, Respond& respond);
  // The checks of RouteAccess::kLogin and kCaller, in their order (`route` null: no entry takes
  // the request): the refusal to send, else nothing, with `caller` set for kCaller.
  std::optional<ApiResponse> CheckCaller(const ApiRequest& request, const RouteInfo* route,
                                         std::optional<Principal>& caller);
  // GET and HEAD outside the API's paths: the StaticSite's answer (nullopt: none).
  std::optional<ApiResponse> WebPage(const ApiRequest& request,
                                     const std::vector<std::string>& segments) const;
  // GET /l/{token}: a page that names what the mailed link does, with a button; POST does it.
  // (A GET never changes anything: mail scanners open links.)
  void HandleLink(const ApiRequest& request, const std::string& token, Respond respond);
  void LogIn(const ApiRequest& request, Respond respond);
  ApiResponse LogOut(const Principal& who);
  void CreateTicket(const ApiRequest& request, const Principal& who, Respond respond);
  void TicketCommand(const ApiRequest& request, const Principal& who, const std::string& ref,
                     const std::string& command, Respond respond);
  ApiResponse GetTicket(const Principal& who, const std::string& ref);
  // Ticket `ref` as `who` may read it: kNotFound (404) for an unknown one and, for a client,
  // for another client's.
  Result<core::Ticket> LoadVisible(service::Store& reader, const Principal& who,
                                   const std::string& ref);
  // GET /api/v1/tickets/{ref}/timeline (api_timeline.cc): older events a page at a time.
  ApiResponse GetTimeline(const ApiRequest& request, const Principal& who, const std::string& ref);
  // The events of ticket `id` before place `before` (all when nullopt) that `who` may see, as a
  // JSON array, oldest first: up to `limit` of them within max_reply_bytes, with the cursor of
  // the next older page in `next_cursor` (null at the first event). A client's cursors are
  // sealed, as its stream's ids are: they tell nothing of events it is not shown.
  Result<json::Json> TimelinePage(service::Store& reader, core::TicketId id, const Principal& who,
                                  std::optional<int64_t> before, int limit,
                                  json::Json& next_cursor);
  ApiResponse ListTickets(const ApiRequest& request, const Principal& who);
  // Open tickets by their earliest running deadline due within `window` of now.
  ApiResponse BreachingSoon(const Principal& who, const std::string& window, int limit,
                            bool other_filters);
  ApiResponse ProcedureView();
  // Who the caller is, for the web pages (which cannot read the HttpOnly session cookie).
  ApiResponse SessionView(const Principal& who);
  void ReloadProcedure(const Principal& who, Respond respond);
  ApiResponse ValidateProcedure(const ApiRequest& request, const Principal& who);
  void UploadProcedure(const ApiRequest& request, const Principal& who, Respond respond);
  // Loads the procedure file and puts it in force between two batches, answering as a reload
  // does. The caller holds procedure_file_mu_.
  void ApplyProcedureFile(Respond respond);
  // A 409 when `next` lacks a tier that has open tickets (they would have nowhere to be).
  std::optional<ApiResponse> StrandedTickets(const core::Procedure& next);
  // API tokens: admins manage all, other staff their own (api_tokens.cc).
  ApiResponse ListTokens(const Principal& who);
  ApiResponse CreateToken(const ApiRequest& request, const Principal& who);
  ApiResponse RevokeToken(const Principal& who, const std::string& id);
  // The procedure in force (replaced atomically by a reload; old ones stay alive).
  const core::Procedure& P() const { return *procedure_.load(); }
  ApiResponse ClockView();
  ApiResponse DeadLetters(const Principal& who);
  void MoveClock(const ApiRequest& request, const Principal& who, Respond respond);
  ApiResponse MetricsView(const ApiRequest& request);
  void InboundMail(const ApiRequest& request, const Principal& who, Respond respond);
  // The list of refused mail (`id` empty), or one whole message.
  ApiResponse RefusedMail(const Principal& who, const std::string& id);
  ApiResponse AttachmentFile(const Principal& who, const std::string& ref,
                             const std::string& sha256);
  // POST /api/v1/uploads (api_uploads.cc): stores the body as a file commands may then attach.
  ApiResponse Upload(const ApiRequest& request, const Principal& who);
  // The files a create, client_reply or note attaches, checked (at most kMaxAttachments, each a
  // file the caller uploaded within upload_ttl, with a name and type an upload may have) and
  // given their stored size; the response to send when one is refused (422 naming
  // `attachments[i].<field>`).
  std::optional<ApiResponse> CheckAttachments(core::Command& command, const Principal& who);
  ApiResponse OpenStream(const ApiRequest& request, const Principal& who);
  ApiResponse MarkPresence(const ApiRequest& request, const Principal& who, const std::string& ref);
  // `?dry_run=true` (api_dry_run.cc): what the command would do to the ticket as a reader sees
  // it now, decided by the core alone; nothing is submitted, written or remembered.
  ApiResponse DryRun(const core::Command& command);
  // Submits a parsed command to the engine and answers when it is durable.
  void Submit(core::Command command, const Principal& who, int success_status, Respond respond);
  // The ticket after a command and the events it caused, as the answer to its request.
  static Viewer ViewerOf(const Principal& who);
  void RespondWithOutcome(const service::Outcome& outcome, const Viewer& viewer, int success_status,
                          const Respond& respond);

  service::Engine& engine_;
  // A query connection held for the time of a read; free ones first, else wait in turn.
  class ReaderLease {
   public:
    ReaderLease(std::unique_lock<std::mutex> lock, service::Store& store)
        : lock_(std::move(lock)), store_(store) {}
    service::Store* operator->() { return &store_; }
    service::Store& operator*() { return store_; }

   private:
    std::unique_lock<std::mutex> lock_;
    service::Store& store_;
  };
  ReaderLease Reader();
  // After a logout or a revocation through the server: the credential is refused from the next
  // request on, and its open streams end.
  void CredentialEnded(const std::string& hash);

  std::vector<service::Store*> readers_;  // readers_[i] guarded by reader_mus_[i]
  std::vector<std::mutex> reader_mus_;
  std::atomic<size_t> next_reader_{0};
  std::atomic<const core::Procedure*> procedure_;
  ProcedureLoader loader_;
  ProcedureChecker check_procedure_;
  ProcedureWriter write_procedure_;
  std::mutex procedure_file_mu_;  // one reload or upload at a time, so versions apply in order
  MailIntakeFn mail_intake_;
  StreamHub* stream_hub_ = nullptr;
  // Callers' tokens and sessions recently read; forgotten on revocation and logout here.
  CredentialCache credentials_;

  const StaticSite* site_ = nullptr;
  const Clock& clock_;
  Metrics& metrics_;
  ApiOptions options_;
  RateLimiter limiter_;
  LoginGuard login_guard_;
  RateLimiter logins_;  // sessions opened, per login
  const StreamCursorSeal timeline_seal_{options_.link_key, "timeline"};  // clients' cursors
  // Password checks waiting or running, per login and per address (keys as LoginGuard's).
  std::mutex checks_mu_;
  std::map<std::string, size_t> checks_in_progress_;  // guarded by checks_mu_
  std::atomic<int64_t> last_failure_sweep_{0};  // epoch seconds of the last ForgetLoginFailures
  VirtualClock* simulated_;
  std::atomic<bool> draining_{false};
  std::atomic<size_t> in_flight_{0};
  // Last member: its threads are joined first on destruction, while what they use still lives.
  WorkPool password_checks_;
};

}  // namespace tierdesk::http
