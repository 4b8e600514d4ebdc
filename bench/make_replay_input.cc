// Writes replay input (JSON Lines, as `tierdesk replay --input` reads it) for
// procedures/000-three-level-support.toml: the workload of the replay goal in bench/README.md,
// 100k tickets over 30 days, about 6.6 commands a ticket (the issue measured 663k).
//
//   make_replay_input [--tickets N] [--days D] [--seed S] > replay.jsonl
//
// Standalone on purpose (the standard library only, `g++ -std=c++20`): the input must not
// depend on the code it measures. Deterministic: the same arguments give the same bytes, so the
// generator draws from its own SplitMix64 (the standard distributions differ between libraries).
//
// Every command must be accepted by the procedure's rules (src/core/machine_*.cc), so the plan
// of each ticket follows them: L1 hands off to L2 with any criterion, L2 to L3 only for
// code_change or potential_bug; entering L2 (L3) pages the chain of the ticket's server
// (product), so a ticket goes to L3 only when it names a product; acknowledging comes before
// the first response (a response by the paged person acknowledges the page, and a second
// acknowledge would be refused as "already yours"); a response promises an ETA or the next
// update in the future; only the client signs off (staff_may_record_signoff = false).
#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <numeric>
#include <string>
#include <string_view>
#include <vector>

namespace {

// --- the procedure (procedures/000-three-level-support.toml) ---

// Asia/Kolkata has kept +05:30 all year since 1945, so a constant offset is exact.
constexpr int64_t kZoneOffsetSeconds = 5 * 3600 + 30 * 60;
constexpr const char* kZoneOffsetText = "+05:30";

constexpr int64_t kMinute = 60;
constexpr int64_t kHour = 60 * kMinute;
constexpr int64_t kDay = 24 * kHour;

// Each contact gets ack_window (5m) to answer before the next is paged; repeat = 1 walks the
// chain twice, then the page is exhausted.
constexpr int64_t kAckWindow = 5 * kMinute;
constexpr int kChainLength = 3;
constexpr int kChainPasses = 2;

// People, by index; chains and tiers refer to them by these indexes.
constexpr const char* kPeople[] = {"psc-anil", "psc-kavya", "psc-lead",    "ssc-ravi", "ssc-meena",
                                   "ssc-lead", "dsc-arjun", "dsc-lakshmi", "dsc-lead"};
enum Person : uint8_t {
  kAnil,
  kKavya,
  kPscLead,
  kRavi,
  kMeena,
  kSscLead,
  kArjun,
  kLakshmi,
  kDscLead
};
constexpr uint8_t kClientActor = 255;

struct Asset {
  const char* id;
  uint8_t chain[kChainLength];  // the last is the tier's team leader
};
constexpr Asset kServers[] = {{"web-01", {kRavi, kMeena, kSscLead}},
                              {"db-01", {kMeena, kRavi, kSscLead}}};
constexpr Asset kProducts[] = {{"shop", {kArjun, kLakshmi, kDscLead}},
                               {"crm", {kLakshmi, kArjun, kDscLead}}};

constexpr const char* kChannels[] = {"phone", "email", "web", "api"};
constexpr const char* kPriorities[] = {"critical", "high", "medium", "low"};
constexpr const char* kStatuses[] = {"Working on it", "Cannot Replicate", "Fixed"};
enum Status : uint8_t { kWorkingOnIt, kCannotReplicate, kFixed };

// --- words ---

constexpr const char* kServerTitles[][4] = {
    {"Website returns 502 errors", "Pages load slowly since this morning",
     "Certificate warning on the login page", "Images missing on product pages"},
    {"Database connections time out", "Nightly backup job failed",
     "Disk usage alarm on the database server", "Replication lag keeps growing"}};
constexpr const char* kProductTitles[][4] = {
    {"Checkout fails with HTTP 500", "Cart loses items after login",
     "Discount codes are not applied", "Order confirmation mails are missing"},
    {"CRM report is slow", "Contact import stops halfway", "Duplicate customer records appear",
     "CRM login loops back to the sign-in page"}};
constexpr const char* kDescriptions[] = {
    "Several users report it since about an hour ago",
    "It happens for every user we asked, on every browser",
    "Started after last night's maintenance window",
    "Intermittent: about one request in ten fails",
};
constexpr const char* kFirstNames[] = {"Ganesh", "Fatima", "Priya",  "Rahul", "Anita",
                                       "Joseph", "Meera",  "Arvind", "Sana",  "Vivek"};
constexpr const char* kL1Criteria[] = {"needs_deeper_knowledge", "needs_deeper_knowledge",
                                       "needs_deeper_knowledge", "performance",
                                       "potential_bug",          "security"};
constexpr const char* kL2Criteria[] = {"code_change", "potential_bug"};  // L2's `criteria`
constexpr const char* kL1Tried[] = {
    "Reproduced from two networks; cleared the CDN cache",
    "Restarted the client's session and checked the status page",
    "Checked the known-issues list; nothing matches",
    "Asked the client for screenshots; the error is reproducible",
};
constexpr const char* kL2Tried[] = {
    "Server, database and network verified healthy; the fault is in the application",
    "Logs show an exception in the application code on every request",
    "Rolled back the configuration change; the error remains",
};
constexpr const char* kFindings[] = {
    "The web server is healthy; the errors come from the application tier.",
    "A slow query holds locks during peak hours; investigating the plan.",
    "The fault started with yesterday's deployment; comparing the versions.",
    "We could not reproduce it from our side; collecting the client's logs.",
    "The disk filled with old logs; rotation was misconfigured.",
};
constexpr const char* kFixedFindings[] = {
    "A fix is deployed to staging and passes the client's scenario.",
    "The configuration is corrected; monitoring before we close.",
    "The hotfix is ready and is being rolled out now.",
};
constexpr const char* kQuestions[] = {
    "Please send the exact time and the user who saw the error",
    "Can you share a screenshot of the message?",
    "Which browser and version does the affected user run?",
};
constexpr const char* kClientReplies[] = {
    "It happened at 10:42 for the user priya; screenshot attached to our mail",
    "Still failing for us, any news?",
    "Chrome 120 on Windows 11",
    "Thanks, we are waiting for the fix",
};
constexpr const char* kResolutions[][2] = {
    {"Checkout works again",
     "The payment gateway added a response field; the client library now "
     "ignores unknown fields (hotfix deployed)."},
    {"Reports are fast again",
     "Added the missing index on the orders table; the report now runs "
     "in 3 seconds."},
    {"Backups run again", "The backup volume was full; old archives moved and rotation fixed."},
    {"Login works", "An expired session-signing key was rotated; sessions are issued again."},
    {"Not an issue on our side",
     "The client's proxy blocked the site; their IT team whitelisted "
     "it."},
};
constexpr const char* kSignOffComments[] = {"Works for us now, thank you",
                                            "Confirmed with the users, please close", "", "Thanks"};

// --- deterministic randomness ---

class Random {
 public:
  explicit Random(uint64_t seed) : state_(seed) {}

  uint64_t Next() {  // SplitMix64
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n): the high half of the 128-bit product Next() * n (Lemire), in portable
  // 64-bit arithmetic.
  uint64_t Below(uint64_t n) {
    const uint64_t x = Next();
    const uint64_t x_lo = x & 0xFFFFFFFFu, x_hi = x >> 32, n_lo = n & 0xFFFFFFFFu, n_hi = n >> 32;
    const uint64_t lo_lo = x_lo * n_lo, hi_lo = x_hi * n_lo, lo_hi = x_lo * n_hi;
    const uint64_t middle = (lo_lo >> 32) + (hi_lo & 0xFFFFFFFFu) + lo_hi;
    return x_hi * n_hi + (hi_lo >> 32) + (middle >> 32);
  }
  // Uniform in [lo, hi].
  int64_t Between(int64_t lo, int64_t hi) { return lo + int64_t(Below(uint64_t(hi - lo + 1))); }
  bool Chance(double p) { return double(Next() >> 11) * 0x1.0p-53 < p; }
  template <class T, size_t N>
  uint8_t Pick(const T (&)[N]) {
    return uint8_t(Below(N));
  }

 private:
  uint64_t state_;
};

// --- the plan ---

enum class Cmd : uint8_t {
  kCreate,
  kHandOff,
  kAcknowledge,
  kRespond,
  kPendingClient,
  kClientReply,
  kResolve,
  kSignOff,
};
constexpr const char* kCmdNames[] = {"create",         "handoff",      "acknowledge", "respond",
                                     "pending_client", "client_reply", "resolve",     "sign_off"};

struct Ticket {
  int64_t created = 0;
  uint16_t client = 0;  // C-1000 .. C-9999
  uint8_t channel = 0;
  uint8_t server = 0;
  int8_t product = -1;   // none
  int8_t priority = -1;  // none: the procedure's default
  uint8_t title = 0;
  uint8_t description = 0;
  uint8_t requester = 0;
  bool named = false;  // requester_name given
};

// One command of one ticket; the words are indexes into the tables above.
struct Step {
  int64_t at = 0;
  int64_t promise = 0;  // respond: the instant of the ETA or the next update
  uint32_t ticket = 0;  // index into the tickets, generation order
  Cmd cmd = Cmd::kCreate;
  uint8_t actor = kClientActor;
  uint8_t tier = 0;    // handoff: 2 or 3
  uint8_t status = 0;  // respond
  uint8_t text = 0;    // criterion, findings, question, reply, resolution, comment
  uint8_t detail = 0;  // handoff: what was tried
};

struct Options {
  long tickets = 100000;
  long days = 30;
  uint64_t seed = 1;
};

// The window starts on Monday 2026-01-05 at midnight in the procedure's zone.
int64_t WindowStart() {
  using namespace std::chrono;
  const auto midnight_utc = sys_days{year{2026} / January / 5}.time_since_epoch();
  return duration_cast<seconds>(midnight_utc).count() - kZoneOffsetSeconds;
}

bool IsBusinessHours(int64_t at, int64_t start) {
  const int64_t since = at - start;  // the window starts at a local Monday midnight
  const int64_t weekday = (since / kDay) % 7;
  const int64_t time_of_day = since % kDay;
  return weekday < 5 && time_of_day >= 9 * kHour && time_of_day < 18 * kHour;
}

// Most requests come in weekday business hours (09:00-18:00); the rest at night and weekends.
int64_t ArrivalTime(Random& rng, const Options& o, int64_t start) {
  const int64_t window = o.days * kDay;
  if (rng.Chance(0.88)) {  // the window starts on a Monday, so it holds a weekday
    while (true) {
      const int64_t day = rng.Between(0, o.days - 1);
      if (day % 7 < 5) return start + day * kDay + rng.Between(9 * kHour, 18 * kHour - 1);
    }
  }
  while (true) {
    const int64_t at = start + rng.Between(0, window - 1);
    if (!IsBusinessHours(at, start)) return at;
  }
}

// Who answers a page `delay` after it started: the person paged at that moment. A deadline due
// at a command's very instant fires before it, hence the floor. Once both passes of the chain
// are exhausted no page is in flight and any member of the tier may take the ticket (not its
// assignee, and a fresh tier has none): the team leader does.
uint8_t PersonPagedAfter(const Asset& asset, int64_t delay) {
  const int64_t step = delay / kAckWindow;
  if (step >= kChainLength * kChainPasses) return asset.chain[kChainLength - 1];
  return asset.chain[step % kChainLength];
}

class TicketPlanner {
 public:
  TicketPlanner(const Ticket& ticket, uint32_t index, Random& rng, std::vector<Step>& out)
      : ticket_(ticket), index_(index), rng_(rng), out_(out), t_(ticket.created) {}

  void Plan() {
    const bool by_phone = std::string_view(kChannels[ticket_.channel]) == "phone";
    const uint8_t l1 = rng_.Chance(0.1) ? kPscLead : (rng_.Chance(0.5) ? kAnil : kKavya);
    Add(Cmd::kCreate, by_phone ? l1 : kClientActor);

    if (rng_.Chance(0.12)) {  // solved by the service desk itself
      if (rng_.Chance(0.7)) Respond(l1, 3, 20, rng_.Chance(0.8) ? kWorkingOnIt : kCannotReplicate);
      Later(5, 45);
      Resolve(l1);
      SignOff();
      return;
    }

    // L1 passes it on within its 15 minutes, mostly; late ones breach the hand-off clock.
    if (rng_.Chance(0.9))
      Later(2, 14);
    else
      Later(16, 45);
    Step& to_l2 = Add(Cmd::kHandOff, l1);
    to_l2.tier = 2;
    to_l2.text = rng_.Pick(kL1Criteria);
    to_l2.detail = rng_.Pick(kL1Tried);
    uint8_t assignee = Acknowledge(kServers[ticket_.server]);
    Respond(assignee, 1, 14, rng_.Chance(0.85) ? kWorkingOnIt : kCannotReplicate);

    if (rng_.Chance(0.04)) {  // asks the client something; their reply resumes the clocks
      Later(5, 60);
      Add(Cmd::kPendingClient, assignee).text = rng_.Pick(kQuestions);
      Later(10, 360);
      Add(Cmd::kClientReply, kClientActor).text = rng_.Pick(kClientReplies);
    }
    if (rng_.Chance(0.04)) {  // the client chases
      Later(5, 120);
      Add(Cmd::kClientReply, kClientActor).text = rng_.Pick(kClientReplies);
    }

    if (ticket_.product >= 0 && rng_.Chance(0.38)) {  // a code change: development support
      Later(5, 90);
      Step& to_l3 = Add(Cmd::kHandOff, assignee);
      to_l3.tier = 3;
      to_l3.text = rng_.Pick(kL2Criteria);
      to_l3.detail = rng_.Pick(kL2Tried);
      assignee = Acknowledge(kProducts[ticket_.product]);
      Respond(assignee, 1, 14, kWorkingOnIt);
    }
    if (rng_.Chance(0.3)) Respond(assignee, 30, 240, kFixed);
    Later(20, 480);
    Resolve(assignee);
    SignOff();
  }

 private:
  Step& Add(Cmd cmd, uint8_t actor) {
    Step& s = out_.emplace_back();
    s.at = t_;
    s.ticket = index_;
    s.cmd = cmd;
    s.actor = actor;
    return s;
  }

  void Later(int64_t min_minutes, int64_t max_minutes) {
    t_ += rng_.Between(min_minutes * kMinute, max_minutes * kMinute);
  }

  // Entering the tier paged the asset's chain at t_. Most answer within the first window;
  // some late (the next person is paged and answers), a few after the chain is exhausted.
  uint8_t Acknowledge(const Asset& asset) {
    const bool at_night = !IsBusinessHours(t_, WindowStart());
    int64_t delay = rng_.Between(30, kAckWindow - 1);
    if (rng_.Chance(0.03))
      delay = rng_.Between(kChainLength * kChainPasses * kAckWindow, 70 * kMinute);
    else if (rng_.Chance(at_night ? 0.35 : 0.15))
      delay = rng_.Between(kAckWindow, kChainLength * kChainPasses * kAckWindow - 1);
    t_ += delay;
    const uint8_t person = PersonPagedAfter(asset, delay);
    Add(Cmd::kAcknowledge, person);
    return person;
  }

  void Respond(uint8_t actor, int64_t min_minutes, int64_t max_minutes, Status status) {
    Later(min_minutes, max_minutes);
    Step& s = Add(Cmd::kRespond, actor);
    s.status = status;
    if (status == kFixed) {
      s.text = rng_.Pick(kFixedFindings);
      s.promise = t_ + rng_.Between(10, 60) * kMinute;  // an ETA
    } else {
      s.text = rng_.Pick(kFindings);
      s.promise = t_ + rng_.Between(60, 120) * kMinute;  // the next update, within 2h
    }
  }

  void Resolve(uint8_t actor) { Add(Cmd::kResolve, actor).text = rng_.Pick(kResolutions); }

  void SignOff() {
    Later(10, 30 * 60);
    Add(Cmd::kSignOff, kClientActor).text = rng_.Pick(kSignOffComments);
  }

  const Ticket& ticket_;
  uint32_t index_;
  Random& rng_;
  std::vector<Step>& out_;
  int64_t t_;
};

Ticket DrawTicket(Random& rng, const Options& o, int64_t start) {
  Ticket t;
  t.created = ArrivalTime(rng, o, start);
  t.client = uint16_t(rng.Between(1000, 9999));
  const uint64_t channel = rng.Below(100);  // phone 40 %, email 30 %, web 20 %, api 10 %
  t.channel = channel < 40 ? 0 : channel < 70 ? 1 : channel < 90 ? 2 : 3;
  t.server = rng.Pick(kServers);
  if (rng.Chance(0.65)) t.product = int8_t(rng.Pick(kProducts));
  const uint64_t priority = rng.Below(100);  // critical 5 %, high 20 %, medium 45 %, low 15 %
  t.priority = priority < 5 ? 0 : priority < 25 ? 1 : priority < 70 ? 2 : priority < 85 ? 3 : -1;
  t.title = uint8_t(rng.Below(4));
  t.description = rng.Pick(kDescriptions);
  t.requester = rng.Pick(kFirstNames);
  t.named = rng.Chance(0.6);
  return t;
}

// --- output ---

std::string Instant(int64_t at) {
  using namespace std::chrono;
  const int64_t local = at + kZoneOffsetSeconds;
  const int64_t days_since_epoch = local >= 0 ? local / kDay : (local - kDay + 1) / kDay;
  const int64_t second_of_day = local - days_since_epoch * kDay;
  const year_month_day date{sys_days{days{days_since_epoch}}};
  char text[40];
  std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02d:%02d:%02d%s", int(date.year()),
                unsigned(date.month()), unsigned(date.day()), int(second_of_day / kHour),
                int(second_of_day / kMinute % 60), int(second_of_day % 60), kZoneOffsetText);
  return text;
}

std::string Lower(std::string s) {
  for (char& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// The tables hold no quotes, backslashes or control characters; this keeps it so if they grow.
void AppendString(std::string& out, std::string_view key, std::string_view value) {
  out += ",\"";
  out += key;
  out += "\":\"";
  for (char c : value) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", unsigned(c));
      out += escaped;
    } else {
      out += c;
    }
  }
  out += '"';
}

std::string ClientId(const Ticket& t) { return "C-" + std::to_string(t.client); }

void AppendCreate(std::string& line, const Ticket& t) {
  const char* title =
      t.product >= 0 ? kProductTitles[t.product][t.title] : kServerTitles[t.server][t.title];
  AppendString(line, "title", title);
  AppendString(line, "client_id", ClientId(t));
  const std::string first = kFirstNames[t.requester];
  if (t.named) AppendString(line, "requester_name", first);
  AppendString(line, "requester_email",
               Lower(first) + "." + std::to_string(t.client) + "@client.example");
  AppendString(line, "channel", kChannels[t.channel]);
  line += ",\"assets\":{\"server\":\"";
  line += kServers[t.server].id;
  line += '"';
  if (t.product >= 0) {
    line += ",\"product\":\"";
    line += kProducts[t.product].id;
    line += '"';
  }
  line += '}';
  AppendString(line, "description", kDescriptions[t.description]);
  if (t.priority >= 0) AppendString(line, "priority", kPriorities[t.priority]);
}

std::string Line(const Step& s, const Ticket& t, long id) {
  std::string line = "{\"at\":\"" + Instant(s.at) + "\"";
  AppendString(line, "actor",
               s.actor == kClientActor ? "client:" + ClientId(t) : std::string(kPeople[s.actor]));
  AppendString(line, "cmd", kCmdNames[int(s.cmd)]);
  if (s.cmd != Cmd::kCreate) AppendString(line, "ticket", "TD-" + std::to_string(id));
  switch (s.cmd) {
    case Cmd::kCreate:
      AppendCreate(line, t);
      break;
    case Cmd::kHandOff:
      AppendString(line, "to", s.tier == 2 ? "L2" : "L3");
      AppendString(line, "criterion", s.tier == 2 ? kL1Criteria[s.text] : kL2Criteria[s.text]);
      AppendString(line, "tried", s.tier == 2 ? kL1Tried[s.detail] : kL2Tried[s.detail]);
      break;
    case Cmd::kAcknowledge:
      break;
    case Cmd::kRespond:
      AppendString(line, "status", kStatuses[s.status]);
      AppendString(line, s.status == kFixed ? "eta" : "next_update", Instant(s.promise));
      AppendString(line, "findings",
                   s.status == kFixed ? kFixedFindings[s.text] : kFindings[s.text]);
      break;
    case Cmd::kPendingClient:
      AppendString(line, "question", kQuestions[s.text]);
      break;
    case Cmd::kClientReply:
      AppendString(line, "text", kClientReplies[s.text]);
      break;
    case Cmd::kResolve:
      line += ",\"resolution\":{\"summary\":\"";
      line += kResolutions[s.text][0];
      line += "\",\"details\":\"";
      line += kResolutions[s.text][1];
      line += "\"}";
      break;
    case Cmd::kSignOff:
      if (*kSignOffComments[s.text] != '\0')
        AppendString(line, "comment", kSignOffComments[s.text]);
      break;
  }
  line += "}\n";
  return line;
}

// --- command line ---

bool ParseNumber(const char* text, long min, long max, long& out) {
  char* end = nullptr;
  errno = 0;
  const long long value = std::strtoll(text, &end, 10);
  if (errno != 0 || end == text || *end != '\0' || value < min || value > max) return false;
  out = long(value);
  return true;
}

bool ParseOptions(int argc, char** argv, Options& o) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view flag = argv[i];
    if (i + 1 >= argc) return false;
    const char* value = argv[++i];
    long number = 0;
    if (flag == "--tickets" && ParseNumber(value, 1, 10'000'000, number)) {
      o.tickets = number;
    } else if (flag == "--days" && ParseNumber(value, 1, 3650, number)) {
      o.days = number;
    } else if (flag == "--seed" && ParseNumber(value, 0, INT64_MAX, number)) {
      o.seed = uint64_t(number);
    } else {
      return false;
    }
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  if (!ParseOptions(argc, argv, options)) {
    std::fprintf(stderr,
                 "usage: make_replay_input [--tickets N (default 100000)] [--days D (default 30)] "
                 "[--seed S (default 1)] > replay.jsonl\n");
    return 2;
  }
  const int64_t start = WindowStart();
  const int64_t end = start + options.days * kDay;

  // Each ticket draws from its own stream, so its plan does not depend on the others'.
  std::vector<Ticket> tickets;
  std::vector<Step> steps;
  tickets.reserve(size_t(options.tickets));
  steps.reserve(size_t(options.tickets) * 7);
  for (uint32_t i = 0; i < uint32_t(options.tickets); ++i) {
    Random rng(options.seed * 0x9E3779B97F4A7C15ull ^ (uint64_t(i) + 1) * 0xD1B54A32D192ED03ull);
    tickets.push_back(DrawTicket(rng, options, start));
    const size_t first = steps.size();
    TicketPlanner(tickets.back(), i, rng, steps).Plan();
    if (rng.Chance(0.02))  // left open: the rest of its life has not happened yet
      steps.resize(first + size_t(rng.Between(1, int64_t(steps.size() - first) - 1)));
  }
  // Work that would fall after the window has not happened: those tickets stay open.
  std::erase_if(steps, [&](const Step& s) { return s.at > end; });

  // The replay runs on a fresh database, so ticket ids follow the order of the creates.
  std::vector<uint32_t> by_creation(tickets.size());
  std::iota(by_creation.begin(), by_creation.end(), 0u);
  std::stable_sort(by_creation.begin(), by_creation.end(),
                   [&](uint32_t a, uint32_t b) { return tickets[a].created < tickets[b].created; });
  std::vector<long> id(tickets.size());
  for (size_t rank = 0; rank < by_creation.size(); ++rank) id[by_creation[rank]] = long(rank) + 1;

  // One timeline: by instant, then by ticket id (so creates at the same instant keep their ids),
  // then in each ticket's own order (its steps were added in time order).
  std::stable_sort(steps.begin(), steps.end(), [&](const Step& a, const Step& b) {
    if (a.at != b.at) return a.at < b.at;
    return id[a.ticket] < id[b.ticket];
  });

  std::map<std::string_view, long> mix;
  std::string buffer;
  buffer.reserve(1 << 20);
  std::fputs("# make_replay_input: procedures/000-three-level-support.toml\n", stdout);
  for (const Step& s : steps) {
    buffer += Line(s, tickets[s.ticket], id[s.ticket]);
    ++mix[kCmdNames[int(s.cmd)]];
    if (buffer.size() > (1 << 20) - 1024) {
      std::fwrite(buffer.data(), 1, buffer.size(), stdout);
      buffer.clear();
    }
  }
  buffer += "{\"at\":\"" + Instant(std::max(end, steps.empty() ? end : steps.back().at)) +
            "\",\"cmd\":\"tick\"}\n";
  std::fwrite(buffer.data(), 1, buffer.size(), stdout);
  if (std::fflush(stdout) != 0) {
    std::perror("make_replay_input: writing the output");
    return 1;
  }

  std::fprintf(stderr, "make_replay_input: %ld tickets, %zu commands (%.2f a ticket) and a tick\n",
               options.tickets, steps.size(), double(steps.size()) / double(options.tickets));
  for (const auto& [name, count] : mix) std::fprintf(stderr, "  %-15s %ld\n", name.data(), count);
  return 0;
}
