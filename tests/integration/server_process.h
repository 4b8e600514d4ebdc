#pragma once

// Runs the real `tierdesk` binary for integration tests, and talks HTTP to it with libcurl.

#include <curl/curl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "integration/api_contract.h"
#include "test_support.h"

namespace tierdesk::testing {

// Runs `tierdesk args...` to completion and returns its stdout (first line, trimmed).
inline std::string RunTierdesk(const std::vector<std::string>& args) {
  std::string command = TIERDESK_BINARY;
  for (const auto& a : args) command += " '" + a + "'";
  const std::string errors =
      std::string(::testing::TempDir()) + "tierdesk-stderr-" + std::to_string(::getpid());
  FILE* pipe = ::popen((command + " 2>" + errors).c_str(), "r");
  std::string out;
  char buf[512];
  while (pipe && fgets(buf, sizeof buf, pipe)) out += buf;
  const int status = pipe ? ::pclose(pipe) : -1;
  if (status != 0) {
    std::ifstream err(errors);
    std::stringstream text;
    text << err.rdbuf();
    ADD_FAILURE() << command << " exited " << status << ": " << text.str();
  }
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

// A fresh database for the running test, initialised with the seed procedure `file`.
inline std::string InitTestDatabase(const std::string& file) {
  const std::string db =
      TempDbPath(::testing::UnitTest::GetInstance()->current_test_info()->name());
  RunTierdesk({"init", "--db", db, "--procedure", (kSourceDir / "procedures" / file).string()});
  return db;
}

// `tierdesk serve` on a free port; stopped with SIGTERM (and checked to exit cleanly) at the
// end of the test.
class ServerProcess {
 public:
  explicit ServerProcess(const std::string& db, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {TIERDESK_BINARY, "serve",      "--db", db,
                                     "--listen",      "127.0.0.1:0"};
    args.insert(args.end(), extra.begin(), extra.end());
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    int out[2];
    if (::pipe(out) != 0) return;
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(out[1], STDOUT_FILENO);
      ::close(out[0]);
      ::execv(TIERDESK_BINARY, argv.data());
      ::_exit(127);
    }
    ::close(out[1]);
    // The first line of stdout says where it serves: "... at http://127.0.0.1:PORT/".
    std::string line;
    char c;
    while (::read(out[0], &c, 1) == 1 && c != '\n') line += c;
    ::close(out[0]);
    auto at = line.rfind(':');
    if (at != std::string::npos) port_ = std::atoi(line.c_str() + at + 1);
  }
  ~ServerProcess() {
    if (pid_ > 0) {
      EXPECT_EQ(Stop(), 0);
    }
  }

  // SIGKILL: no chance to flush anything (the durability test's crash).
  void Kill() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }

  // SIGTERM, then the exit status (0 when it shut down cleanly).
  int Stop() {
    if (pid_ <= 0) return -1;
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }
  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  std::string Url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }

 private:
  pid_t pid_ = -1;
  int port_ = 0;
};

struct HttpResult {
  long status = 0;
  std::string body;
  std::vector<std::string> headers;
  nlohmann::json json() const { return nlohmann::json::parse(body, nullptr, false); }
};

inline size_t Append(char* data, size_t size, size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}

inline size_t AppendHeader(char* data, size_t size, size_t n, void* out) {
  static_cast<std::vector<std::string>*>(out)->emplace_back(data, size * n);
  return size * n;
}

inline HttpResult Request(const std::string& method, const std::string& url,
                          const std::string& token = {}, const std::string& body = {},
                          std::vector<std::string> extra_headers = {}) {
  HttpResult result;
  CURL* curl = curl_easy_init();
  curl_slist* headers = nullptr;
  if (!token.empty())
    headers = curl_slist_append(headers, ("Authorization: Bearer " + token).c_str());
  bool has_type = false;
  for (const auto& h : extra_headers) {
    has_type |= h.rfind("Content-Type:", 0) == 0;
    headers = curl_slist_append(headers, h.c_str());
  }
  if (!body.empty() && !has_type)
    headers = curl_slist_append(headers, "Content-Type: application/json");
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_NOPROXY, "*");
  // HEAD as a browser sends it: libcurl's NOBODY, since a custom "HEAD" would wait for a body.
  if (method == "HEAD")
    curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
  else
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
  if (method == "POST") {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.size()));
  }
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, Append);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &result.body);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, AppendHeader);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &result.headers);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 10L);
  if (curl_easy_perform(curl) == CURLE_OK)
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &result.status);
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  ExpectAsDocumented(method, url, result.status, result.headers, result.body);
  return result;
}

}  // namespace tierdesk::testing
