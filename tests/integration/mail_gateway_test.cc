// `tierdesk mail-gateway`, and the light `tierdesk-mail-gateway`, as an MTA runs them, against a
// running server: a corpus of malformed and hostile mail is taken or refused cleanly, never
// crashes anything, and nothing is lost; the exit codes tell the MTA what to do.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "integration/server_process.h"
#include "integration/smtp_server.h"
#include "test_support.h"

namespace tierdesk::testing {
namespace {

struct GatewayRun {
  int exit_code = -1;
  std::string out;
};

// Pipes `message_file` into `gateway` (the command and its subcommand, if any), as an MTA's
// pipe transport does.
GatewayRun Gateway(const std::string& gateway, const std::string& server,
                   const std::string& token_file, const std::string& message_file) {
  const std::string command = gateway + " --server '" + server + "' --token-file '" + token_file +
                              "' < '" + message_file + "' 2>/dev/null";
  GatewayRun run;
  FILE* pipe = ::popen(command.c_str(), "r");
  char buf[4096];
  while (pipe && fgets(buf, sizeof buf, pipe)) run.out += buf;
  const int status = pipe ? ::pclose(pipe) : -1;
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

// Both gateways: the full binary's subcommand and the light one.
class MailGateway : public ::testing::TestWithParam<std::string> {
 protected:
  GatewayRun Gateway(const std::string& server, const std::string& token_file,
                     const std::string& message_file) {
    return testing::Gateway(GetParam(), server, token_file, message_file);
  }

  void SetUp() override {
    db_ = InitTestDatabase("000-three-level-support.toml");
    RunTierdesk({"client", "add", "--db", db_, "--id", "U-1001", "--name", "Ganesh K", "--email",
                 "ganesh@client.example"});
    token_file_ = db_ + ".token";
    std::ofstream(token_file_) << RunTierdesk(
                                      {"token", "create", "--db", db_, "--actor", "mail-gateway"})
                               << "\n";
    staff_ = RunTierdesk({"token", "create", "--db", db_, "--actor", "psc-anil"});
    // Mail out goes nowhere (port 9 is discard): this test is about mail in.
    const std::string config = db_ + ".toml";
    std::ofstream(config) << MailSection("smtp://127.0.0.1:9");
    server_ = std::make_unique<ServerProcess>(db_, std::vector<std::string>{"--config", config});
    ASSERT_GT(server_->port(), 0);
  }

  std::string db_, token_file_, staff_;
  std::unique_ptr<ServerProcess> server_;
};

TEST_P(MailGateway, HostileCorpusIsTakenOrKeptNeverLost) {
  const auto corpus = kSourceDir / "tests/data/mail-corpus";
  const std::map<std::string, std::string> expected = {
      {"plain.eml", "created"},      {"missing-message-id.eml", "created"},
      {"lf-only.eml", "created"},    {"forwarded.eml", "created"},
      {"auto-reply.eml", "refused"}, {"bounce.eml", "refused"},
      {"list-mail.eml", "refused"},  {"own-loop.eml", "refused"},
      {"no-from.eml", "refused"},    {"not-a-message.eml", "refused"},
      {"nested-200.eml", "refused"}, {"many-parts.eml", "refused"},
  };
  int files = 0;
  std::set<int64_t> kept;
  for (const auto& entry : std::filesystem::directory_iterator(corpus)) {
    const std::string name = entry.path().filename().string();
    const std::string raw = ReadFile(entry.path());
    const GatewayRun run = Gateway(server_->Url(""), token_file_, entry.path().string());
    if (raw.empty()) {
      EXPECT_EQ(run.exit_code, 65) << name;  // nothing to take: the MTA bounces it
      continue;
    }
    ++files;
    ASSERT_EQ(run.exit_code, 0) << name << ": " << run.out;
    const auto answer = nlohmann::json::parse(run.out, nullptr, false);
    ASSERT_TRUE(answer.is_object()) << name << ": " << run.out;
    const std::string outcome = answer["outcome"];
    if (auto it = expected.find(name); it != expected.end()) {
      EXPECT_EQ(outcome, it->second) << name << ": " << run.out;
    }
    EXPECT_THAT(outcome, ::testing::AnyOf("created", "refused")) << name;
    if (outcome == "refused") {
      // Kept whole for an operator: the very bytes received.
      const int64_t id = answer["kept_as"];
      kept.insert(id);
      auto copy =
          Request("GET", server_->Url("/api/v1/mail/refused/" + std::to_string(id)), staff_);
      EXPECT_EQ(copy.status, 200) << name;
      EXPECT_TRUE(copy.body == raw) << name << ": the kept copy differs";
    } else {
      EXPECT_EQ(
          Request("GET", server_->Url("/api/v1/tickets/" + std::string(answer["ticket"])), staff_)
              .status,
          200)
          << name;
    }
    // Offered again (an MTA retrying), it changes nothing more.
    const GatewayRun again = Gateway(server_->Url(""), token_file_, entry.path().string());
    if (outcome == "created") {
      EXPECT_THAT(again.out, ::testing::HasSubstr("\"duplicate\"")) << name;
    }
  }
  EXPECT_GE(files, 25);
  EXPECT_EQ(Request("GET", server_->Url("/healthz")).status, 200);
  auto list = Request("GET", server_->Url("/api/v1/mail/refused"), staff_).json();
  EXPECT_GE(list["refused_mail"].size(), kept.size());
}

TEST_P(MailGateway, ExitCodesTellTheMtaWhatToDo) {
  const std::string message = db_ + ".eml";
  std::ofstream(message) << "From: ganesh@client.example\r\nSubject: x\r\n\r\ny\r\n";
  EXPECT_EQ(Gateway(server_->Url(""), token_file_, message).exit_code, 0);
  // A staff token is not the gateway's: a configuration error, not the message's fault.
  const std::string wrong = db_ + ".wrong-token";
  std::ofstream(wrong) << staff_ << "\n";
  EXPECT_EQ(Gateway(server_->Url(""), wrong, message).exit_code, 77);
  EXPECT_EQ(Gateway(server_->Url(""), db_ + ".no-such-file", message).exit_code, 78);
  // The gateway's token reads nothing.
  EXPECT_EQ(Request("GET", server_->Url("/api/v1/tickets"),
                    ReadFile(token_file_).substr(0, ReadFile(token_file_).size() - 1))
                .status,
            403);
  // Server down: try again later.
  server_->Stop();
  EXPECT_EQ(Gateway(server_->Url(""), token_file_, message).exit_code, 75);
}

TEST_P(MailGateway, AnHttpsOrMalformedServerIsAConfigurationError) {
  const std::string message = db_ + ".eml";
  std::ofstream(message) << "From: ganesh@client.example\r\nSubject: x\r\n\r\ny\r\n";
  if (GetParam() == TIERDESK_MAIL_GATEWAY_BINARY) {
    // The light gateway has no TLS: it says so instead of sending the token in the clear.
    EXPECT_EQ(Gateway("https://127.0.0.1:1", token_file_, message).exit_code, 78);
  }
  EXPECT_EQ(Gateway("not a url", token_file_, message).exit_code, 78);
  EXPECT_EQ(Gateway("ftp://127.0.0.1:1", token_file_, message).exit_code, 78);
}

INSTANTIATE_TEST_SUITE_P(Gateways, MailGateway,
                         ::testing::Values(std::string(TIERDESK_BINARY) + " mail-gateway",
                                           std::string(TIERDESK_MAIL_GATEWAY_BINARY)),
                         [](const auto& info) { return info.index == 0 ? "Full" : "Light"; });

}  // namespace
}  // namespace tierdesk::testing
