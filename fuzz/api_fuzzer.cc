// libFuzzer target: any request through the transport-free Api (every route, JSON bodies,
// headers, query strings, the mailed links' pages and forms) is answered exactly once, with a
// well-formed answer, and leaves nothing in flight.
//
// An input is a small request, so that mutations of a seed stay requests:
//   byte 0    the method: G P U D H A O for GET POST PUT DELETE HEAD PATCH OPTIONS, any other
//             byte picks from the same list
//   byte 1    the credential: 'a' + the index in kCredentials (upper case: the same credential
//             from an address that is not loopback); any byte maps to one
//   byte 2    for the link credentials only: the signed claim (action, ticket, actor)
//   line      the path and query, up to '\n'; after a link credential, appended to
//             "/l/<signed token>"
//   lines     headers "name: value" up to an empty line; names are lower-cased, as the server
//             does, and a header the input gives is not replaced by the credential's
//   rest      the body
// fuzz/corpus/api/ holds seeds of each route family in this format.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <thread>

#include "common/utf8.h"
#include "http/auth/auth.h"
#include "http/auth/links.h"
#include "security/api_harness.h"

namespace {

using tierdesk::Seconds;
using tierdesk::http::ApiResponse;
using tierdesk::testing::ApiHarness;

[[noreturn]] void Broken(const char* invariant, const ApiHarness::Call& call,
                         const ApiResponse& r) {
  std::fprintf(stderr, "api_fuzzer: broken invariant: %s\n  %s %.300s\n  -> %d %s: ", invariant,
               call.method.c_str(), call.path.c_str(), r.status, r.content_type.c_str());
  std::fwrite(r.body.data(), 1, std::min<size_t>(r.body.size(), 2000), stderr);
  std::fputc('\n', stderr);
  __builtin_trap();
}

enum class Credential {
  kNone,
  kLevel1,       // psc-anil: opened the seed tickets
  kLevel2,       // ssc-ravi: first on web-01's chain
  kLevel3,       // dsc-arjun
  kTeamLeader,   // ssc-lead
  kClient,       // client:C-1001, TD-1's client
  kOtherClient,  // client:C-2002, TD-2's client
  kReadOnly,     // psc-anil, read-only
  kMailGateway,
  kRevoked,
  kUnknownToken,
  kSession,        // ssc-ravi's browser session, with its CSRF token
  kSessionNoCsrf,  // the same cookie without the CSRF header
  kClientSession,  // client:C-1001's browser session, with its CSRF token
  kExpiredSession,
  kLink,         // a link signed with the harness's key, valid for an hour
  kExpiredLink,  // the same, expired a second ago
  kCount
};

struct Session {
  std::string cookie;  // the Cookie header's value
  tierdesk::service::Session record;
};

// One harness for the whole run: building it loads the procedure and starts the engine's
// writer thread, far too slow per input. State left by earlier inputs (tickets, sessions
// logged out) is part of what later inputs meet, as on a real server.
class Fixture {
 public:
  Fixture() : harness_(TIERDESK_API_FUZZ_PROCEDURE, Options()) {
    if (harness_.procedure().people.empty()) {
      std::fprintf(stderr, "api_fuzzer: cannot load %s\n", TIERDESK_API_FUZZ_PROCEDURE);
      std::abort();
    }
    tokens_[Credential::kLevel1] = harness_.Token("psc-anil");
    tokens_[Credential::kLevel2] = harness_.Token("ssc-ravi");
    tokens_[Credential::kLevel3] = harness_.Token("dsc-arjun");
    tokens_[Credential::kTeamLeader] = harness_.Token("ssc-lead");
    tokens_[Credential::kClient] = harness_.Token("client:C-1001");
    tokens_[Credential::kOtherClient] = harness_.Token("client:C-2002");
    tokens_[Credential::kReadOnly] = harness_.Token("psc-anil", /*read_only=*/true);
    tokens_[Credential::kMailGateway] = harness_.Token("mail-gateway");
    tokens_[Credential::kRevoked] = Revoked("psc-kavya");
    tokens_[Credential::kUnknownToken] = "td_unknown_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    sessions_[Credential::kSession] = OpenSession("ssc-ravi", Seconds{12 * 3600});
    sessions_[Credential::kSessionNoCsrf] = sessions_[Credential::kSession];
    sessions_[Credential::kClientSession] = OpenSession("client:C-1001", Seconds{12 * 3600});
    sessions_[Credential::kExpiredSession] = OpenSession("psc-anil", Seconds{-1});
    // A login that can succeed (the seeds know the password); argon2 runs once here.
    (void)harness_.store().PutAccount(
        {"ssc-ravi", tierdesk::http::HashPassword("correct horse battery").value_or(""), {}});
    SeedTickets();
    // One refused mail, for /api/v1/mail/refused and /api/v1/mail/refused/1.
    (void)harness_.store().KeepRefusedMail({0, harness_.clock().Now(), "automatic reply",
                                            "<auto-1@client.example>", "robot@client.example", 64,
                                            "From: robot@client.example\r\n\r\nOut of office\r\n",
                                            "<auto-1@client.example>"});
  }

  ApiHarness& harness() { return harness_; }

  // Adds what `credential` stands for to `call`, unless the input gave that header itself.
  void Authorise(Credential credential, ApiHarness::Call& call) {
    auto& h = call.headers;
    if (auto t = tokens_.find(credential); t != tokens_.end()) {
      h.emplace("authorization", "Bearer " + t->second);
    } else if (auto s = sessions_.find(credential); s != sessions_.end()) {
      // Put back a session an earlier input logged out of, so the cookie stays worth sending.
      if (credential != Credential::kExpiredSession)
        (void)harness_.store().PutSession(s->second.record);
      h.emplace("cookie", s->second.cookie);
      if (credential != Credential::kSessionNoCsrf)
        h.emplace("x-csrf-token", s->second.record.csrf_token);
    }
  }

  // "/l/<token>" for a claim picked by `b`, valid or `expired`.
  std::string LinkPath(uint8_t b, bool expired) {
    static const char* const kActions[] = {"acknowledge", "sign_off", "reopen", "approve",
                                           "decline",     "escalate", "",       "sign_off"};
    static const int64_t kTickets[] = {1, 2, 3, 0};
    static const char* const kActors[] = {"client:C-1001", "client:C-2002", "ssc-ravi",
                                          "psc-anil",      "ssc-meena",     "nobody",
                                          "client:",       "mail-gateway"};
    const auto now = harness_.clock().Now();
    tierdesk::http::LinkClaim claim{kActions[b & 7], kTickets[(b >> 3) & 3], kActors[(b >> 5) & 7],
                                    expired ? now - Seconds{1} : now + Seconds{3600}};
    return "/l/" + tierdesk::http::SignLink(ApiHarness::kLinkKey, claim);
  }

 private:
  static tierdesk::http::ApiOptions Options() {
    tierdesk::http::ApiOptions o;
    o.requests_per_second = 0;  // every input is one caller's next request: no 429 wall
    // Small limits, so that inputs of a few kilobytes reach each of them and both sides of it.
    o.limits.max_body_bytes = 4096;
    o.limits.max_json_depth = 8;
    o.limits.max_line_bytes = 64;
    o.limits.max_text_bytes = 512;
    o.limits.max_notify = 4;
    o.limits.max_idempotency_key_bytes = 32;
    return o;
  }

  std::string Revoked(const std::string& actor) {
    const std::string secret = harness_.Token(actor);
    auto record = harness_.store().FindApiToken(tierdesk::http::TokenDigest(secret));
    if (record && *record)
      (void)harness_.store().RevokeApiToken((*record)->id, harness_.clock().Now());
    return secret;
  }

  Session OpenSession(const std::string& actor, Seconds ttl) {
    auto s = tierdesk::http::OpenSession(actor, harness_.store(), harness_.procedure(),
                                         harness_.clock().Now(), ttl);
    if (!s) return {};
    return {std::string(tierdesk::http::kSessionCookie) + "=" + s->cookie_secret, s->record};
  }

  // TD-1 (C-1001, web-01, at Level 1) and TD-2 (C-2002, handed to Level 2, which pages web-01's
  // chain), so routes and links with a ticket have something to act on.
  void SeedTickets() {
    const std::string staff = tokens_[Credential::kLevel1];
    for (const char* client : {"C-1001", "C-2002"}) {
      nlohmann::json body = {{"title", "Shop checkout returns 500"},
                             {"client_id", client},
                             {"description", "It fails at payment"},
                             {"requester_email", "ganesh@client.example"},
                             {"assets", {{"server", "web-01"}}}};
      auto r = harness_.As(staff, "POST", "/api/v1/tickets", body.dump());
      if (r.status != 201)
        std::fprintf(stderr, "api_fuzzer: seed ticket: %d %s\n", r.status, r.body.c_str());
    }
    auto r = harness_.As(
        staff, "POST", "/api/v1/tickets/TD-2/handoff",
        R"({"to":"L2","criterion":"potential_bug","tried":"Restarted the web server"})");
    if (r.status != 200)
      std::fprintf(stderr, "api_fuzzer: seed hand-off: %d %s\n", r.status, r.body.c_str());
  }

  ApiHarness harness_;
  std::map<Credential, std::string> tokens_;
  std::map<Credential, Session> sessions_;
};

Fixture& TheFixture() {
  static Fixture fixture;
  return fixture;
}

std::string MethodFor(uint8_t b) {
  switch (b) {
    case 'G':
      return "GET";
    case 'P':
      return "POST";
    case 'U':
      return "PUT";
    case 'D':
      return "DELETE";
    case 'H':
      return "HEAD";
    case 'A':
      return "PATCH";
    case 'O':
      return "OPTIONS";
  }
  static const char* const kMethods[] = {"GET", "POST",   "GET",   "POST",
                                         "PUT", "DELETE", "PATCH", "post"};
  return kMethods[b % 8];
}

// The next line of `in` (without its '\n' and a trailing '\r'), consumed.
std::string_view NextLine(std::string_view& in) {
  const size_t nl = in.find('\n');
  std::string_view line = in.substr(0, nl);
  in.remove_prefix(nl == std::string_view::npos ? in.size() : nl + 1);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = char(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

void CheckAnswer(const ApiHarness::Call& call, const ApiResponse& r) {
  if (r.status == 0) Broken("no answer within the harness's wait", call, r);
  if (r.status < 100 || r.status > 599) Broken("status outside 100..599", call, r);
  // The transport copies these into the response: a CR or LF would split it.
  for (const auto& [name, value] : r.headers)
    if (name.find_first_of("\r\n", 0) != std::string::npos ||
        value.find_first_of(std::string_view("\r\n\0", 3)) != std::string::npos ||
        !tierdesk::IsValidUtf8(value))
      Broken("a response header holds CR, LF, NUL or bytes that are not UTF-8", call, r);
  const std::string type = Lower(r.content_type);
  if (StartsWith(type, "text/html") && !tierdesk::IsValidUtf8(r.body))
    Broken("an HTML page is not UTF-8", call, r);
  if (!StartsWith(type, "application/json")) return;
  if (!tierdesk::IsValidUtf8(r.body)) Broken("a JSON answer is not UTF-8", call, r);
  const auto body = nlohmann::json::parse(r.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded()) Broken("a JSON answer does not parse", call, r);
  if (r.status < 400) return;
  const bool well_formed =
      body.is_object() && body.contains("error") && body["error"].is_object() &&
      body["error"].contains("code") && body["error"]["code"].is_string() &&
      !body["error"]["code"].get_ref<const std::string&>().empty() &&
      body["error"].contains("message") && body["error"]["message"].is_string();
  if (!well_formed) Broken("an error answer lacks {\"error\":{\"code\",\"message\"}}", call, r);
}

// The in-flight count drops just after the answer is handed over, possibly on another thread.
void CheckNothingInFlight(const ApiHarness::Call& call, tierdesk::http::Api& api) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (api.InFlight() != 0) {
    if (std::chrono::steady_clock::now() > deadline)
      Broken("a request stayed in flight after its answer", call, ApiResponse{});
    std::this_thread::yield();
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  TheFixture();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  Fixture& fixture = TheFixture();
  std::string_view in(reinterpret_cast<const char*>(data), size);
  ApiHarness::Call call;
  call.method = MethodFor(uint8_t(in[0]));
  const uint8_t c = uint8_t(in[1]);
  const auto credential = Credential((uint8_t((c | 0x20) - 'a')) % int(Credential::kCount));
  call.remote = (c & 0x20) ? "127.0.0.1" : "203.0.113.9";
  in.remove_prefix(2);
  if (credential == Credential::kLink || credential == Credential::kExpiredLink) {
    if (in.empty()) return 0;
    call.path = fixture.LinkPath(uint8_t(in[0]), credential == Credential::kExpiredLink);
    in.remove_prefix(1);
  }
  call.path += NextLine(in);
  for (std::string_view line = NextLine(in); !line.empty(); line = NextLine(in)) {
    const size_t colon = line.find(':');
    std::string_view value = colon == std::string_view::npos ? "" : line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
      value.remove_prefix(1);
    call.headers[Lower(line.substr(0, colon))] = std::string(value);
  }
  call.body = std::string(in);
  fixture.Authorise(credential, call);

  const ApiHarness::Call sent = call;  // for the report; Send consumes its argument
  const ApiResponse r = fixture.harness().Send(std::move(call));
  CheckAnswer(sent, r);
  CheckNothingInFlight(sent, fixture.harness().api());
  return 0;
}
