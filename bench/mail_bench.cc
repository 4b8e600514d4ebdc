// Mail throughput: received mail through intake into a durable SQLite file (parse, thread,
// store, commit) with the server's engine and its group commit; parsing alone; and outbound
// delivery of the outbox to a local SMTP server (aiosmtpd).
#include <benchmark/benchmark.h>

#include <atomic>
#include <memory>

#include "integration/smtp_server.h"
#include "mail/intake.h"
#include "mail/smtp_courier.h"
#include "service/engine.h"
#include "store/sqlite/sqlite_store.h"
#include "test_support.h"

namespace tierdesk::bench {
namespace {

// A client's mail as mail programs send it: plain text with an HTML alternative, about 2 KB;
// every fourth carries a 4 KB log file.
std::string ClientMail(int sender, int64_t n, const std::string& in_reply_to) {
  const std::string id = "m" + std::to_string(sender) + "-" + std::to_string(n) + "@client.example";
  std::string text;
  for (int i = 0; i < 12; ++i)
    text += "Line " + std::to_string(i) + ": the checkout page returns 500 since the update.\r\n";
  const std::string who = std::to_string(sender);
  std::string mail;
  mail += "From: Client " + who + " <client" + who + "@client.example>\r\n";
  mail += "To: support@auro.example\r\n";
  mail += "Subject: Checkout fails for order " + std::to_string(n) + "\r\n";
  mail += "Message-ID: <" + id + ">\r\n";
  if (!in_reply_to.empty())
    mail += "In-Reply-To: <" + in_reply_to + ">\r\nReferences: <" + in_reply_to + ">\r\n";
  mail +=
      "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"outer\"\r\n\r\n"
      "--outer\r\nContent-Type: multipart/alternative; boundary=\"alt\"\r\n\r\n"
      "--alt\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" +
      text + "--alt\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>" + text +
      "</p>\r\n--alt--\r\n";
  if (n % 4 == 0)
    mail +=
        "--outer\r\nContent-Type: text/plain\r\nContent-Disposition: attachment; "
        "filename=\"app.log\"\r\n\r\n" +
        std::string(4096, 'l') + "\r\n";
  return mail + "--outer--\r\n";
}

void BM_ParseInbound(benchmark::State& state) {
  const std::string raw = ClientMail(1, 4, "");
  for (auto _ : state) {
    auto mail = mail::ParseInbound(raw);
    benchmark::DoNotOptimize(mail);
  }
  state.counters["msgs_per_s"] =
      benchmark::Counter(double(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ParseInbound)->MinTime(2);

// The server's path for POST /api/v1/mail/inbound minus HTTP: each sender thread hands in its
// mail and waits until it is durable; the engine commits what is queued together. Half the mail
// opens tickets, half replies to them (threaded by In-Reply-To).
struct IntakeRig {
  std::string path;
  core::Procedure procedure = testing::SeedProcedure("000-three-level-support.toml");
  std::unique_ptr<store::SqliteStore> writer;
  SystemClock clock;
  std::unique_ptr<service::Engine> engine;
  mail::IntakeSettings settings{"auro.example", "support@auro.example", 10 << 20, {}};
};
IntakeRig* rig = nullptr;
std::atomic<int64_t> taken{0};

void BM_IntakeIntoSqlite(benchmark::State& state) {
  if (state.thread_index() == 0) {
    rig = new IntakeRig;
    rig->path = testing::TempDbPath("bench-mail-" + std::to_string(state.threads()));
    // As `serve` opens it: the WAL is folded back by a checkpointer thread, off the commit path.
    rig->writer = std::move(store::SqliteStore::Open(rig->path, {.synchronous_full = true,
                                                                 .wal_autocheckpoint_pages = 16384})
                                .value());
    for (int c = 0; c < 64; ++c) {
      const std::string id = std::to_string(c);
      if (!rig->writer->PutClient(
              {"U-" + id, "Client " + id, "client" + id + "@client.example", "Co"}))
        state.SkipWithError("client directory");
    }
    rig->engine = std::make_unique<service::Engine>(*rig->writer, rig->procedure, rig->clock);
    if (!rig->engine->Start()) state.SkipWithError("engine did not start");
    taken = 0;
  }
  // Each sender thread reads through a connection of its own, as each HTTP worker does.
  std::unique_ptr<store::SqliteStore> reader;
  int64_t n = 0;
  core::TicketId last_ticket = 0;
  for (auto _ : state) {
    if (!reader) reader = std::move(store::SqliteStore::Open(rig->path).value());
    ++n;
    const std::string in_reply_to =
        n % 2 == 0 && last_ticket > 0 ? "td-" + std::to_string(last_ticket) + "@auro.example" : "";
    const std::string raw = ClientMail(state.thread_index() % 64, n, in_reply_to);
    mail::MailIntake intake(
        *reader, rig->procedure, [](core::Command c) { return rig->engine->Execute(std::move(c)); },
        rig->clock, rig->settings);
    auto r = intake.Accept(raw);
    if (!r || r->outcome == mail::IntakeOutcome::kRefused) {
      state.SkipWithError(r ? r->reason.c_str() : r.error().message.c_str());
      break;
    }
    if (r->outcome == mail::IntakeOutcome::kCreated) last_ticket = r->ticket;
    ++taken;
  }
  state.SetItemsProcessed(n);  // summed over the sender threads, per second of wall time
  reader.reset();
  if (state.thread_index() == 0) {
    // Every thread has left the timed loop (the benchmark library waits for all of them).
    rig->engine->Stop();
    delete rig;
    rig = nullptr;
  }
}
BENCHMARK(BM_IntakeIntoSqlite)->Threads(1)->Threads(4)->Threads(16)->MinTime(3)->UseRealTime();

// Outbox rows delivered one after another to aiosmtpd on loopback: a connection, MAIL, RCPT,
// DATA and QUIT per message, as the dispatcher does.
void BM_SmtpDelivery(benchmark::State& state) {
  testing::SmtpServer smtp(testing::TempDbPath("bench-smtp") + ".maildir");
  if (!smtp.Accepts()) {
    state.SkipWithError("aiosmtpd did not start");
    return;
  }
  SystemClock clock;
  mail::SmtpCourier courier({.url = smtp.Url(),
                             .from_address = "support@auro.example",
                             .from_name = "Auro Support",
                             .domain = "auro.example"},
                            clock);
  service::OutboxItem item;
  item.effect = {core::Effect::Kind::kEmail,
                 1,
                 "ganesh@client.example",
                 "status_response",
                 "[TD-1] Working on it: Checkout returns 500",
                 "Hello Ganesh,\n\nStatus: Working on it\nNext update: 12:30\n\nFindings: the "
                 "payment gateway's certificate expired.\n"};
  for (auto _ : state) {
    ++item.id;
    if (auto s = courier.Deliver(item); !s) {
      state.SkipWithError(s.error().message.c_str());
      return;
    }
  }
  state.counters["msgs_per_s"] =
      benchmark::Counter(double(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_SmtpDelivery)->MinTime(3)->UseRealTime();

}  // namespace
}  // namespace tierdesk::bench
