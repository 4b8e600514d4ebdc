#include "mail/imap_poller.h"

#include <curl/curl.h>
#include <poll.h>
#include <spdlog/spdlog.h>

#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstring>
#include <memory>
#include <optional>
#include <sstream>
#include <vector>

namespace tierdesk::mail {

namespace {

using SteadyClock = std::chrono::steady_clock;

// How long one command (or the connection and login) may take before the pass gives up.
constexpr std::chrono::seconds kCommandTimeout{60};

// One untagged response ("* ..."): its text, continuation lines joined, each literal's "{n}"
// marker left in place and its bytes moved to `literals` in order. The text therefore holds only
// what the server wrote, never what a message says.
struct Untagged {
  std::string text;
  std::vector<std::string> literals;
};

// The size of the literal announced at the end of `line` ("... BODY[] {1234}"), if any.
std::optional<size_t> LiteralSize(std::string_view line) {
  if (line.size() < 3 || line.back() != '}') return std::nullopt;
  const size_t open = line.rfind('{');
  if (open == std::string_view::npos) return std::nullopt;
  size_t n = 0;
  const char* first = line.data() + open + 1;
  const char* last = line.data() + line.size() - 1;
  auto [end, ec] = std::from_chars(first, last, n);
  if (ec != std::errc() || end != last || first == last) return std::nullopt;
  return n;
}

// "name" as an IMAP quoted string.
std::string Quoted(std::string_view name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

// One IMAP session over one connection. libcurl connects, negotiates TLS (verifying the server)
// and logs in (CURLOPT_CONNECT_ONLY); the commands are spoken here. libcurl's own message fetch
// sends BODY[], which sets \Seen as the server reads the message out, and its custom requests
// drop the literals of a response (curl 7.88), so neither can fetch without marking.
class ImapSession {
 public:
  explicit ImapSession(const ImapSettings& s) : curl_(curl_easy_init(), curl_easy_cleanup) {
    const size_t authority = s.url.find("://");
    const size_t path =
        authority == std::string::npos ? std::string::npos : s.url.find('/', authority + 3);
    server_ = path == std::string::npos ? s.url + "/" : s.url.substr(0, path + 1);
    std::string mailbox = path == std::string::npos ? "" : s.url.substr(path + 1);
    int length = 0;
    if (char* decoded =
            curl_easy_unescape(curl_.get(), mailbox.c_str(), int(mailbox.size()), &length)) {
      mailbox_.assign(decoded, size_t(length));
      curl_free(decoded);
    }
    if (mailbox_.empty()) mailbox_ = "INBOX";
    CURL* c = curl_.get();
    curl_easy_setopt(c, CURLOPT_URL, server_.c_str());
    curl_easy_setopt(c, CURLOPT_USERNAME, s.username.c_str());
    curl_easy_setopt(c, CURLOPT_PASSWORD, s.password.c_str());
    curl_easy_setopt(c, CURLOPT_CONNECT_ONLY, 1L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, long(kCommandTimeout.count()));
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    if (s.starttls) curl_easy_setopt(c, CURLOPT_USE_SSL, long(CURLUSESSL_ALL));
    if (!s.ca_file.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, s.ca_file.c_str());
  }

  const std::string& mailbox() const { return mailbox_; }

  // Connects and logs in.
  Status Open() {
    if (const CURLcode rc = curl_easy_perform(curl_.get()); rc != CURLE_OK)
      return Fail(ErrorCode::kUnavailable,
                  std::string("imap: ") + curl_easy_strerror(rc) + " (" + server_ + ")");
    if (curl_easy_getinfo(curl_.get(), CURLINFO_ACTIVESOCKET, &socket_) != CURLE_OK ||
        socket_ == CURL_SOCKET_BAD)
      return Fail(ErrorCode::kUnavailable, "imap: no connection after login to " + server_);
    return Ok();
  }

  // Sends `command` and reads to its tagged completion: the untagged responses, or kUnavailable
  // when the server answers NO or BAD or the connection fails.
  Result<std::vector<Untagged>> Command(const std::string& command) {
    deadline_ = SteadyClock::now() + kCommandTimeout;
    const std::string tag = "td" + std::to_string(++tags_);
    if (auto sent = Send(tag + " " + command + "\r\n"); !sent) return tl::unexpected(sent.error());
    std::vector<Untagged> responses;
    while (true) {
      auto line = ReadLine();
      if (!line) return tl::unexpected(line.error());
      if (line->rfind(tag + " ", 0) == 0) {
        const std::string status = line->substr(tag.size() + 1);
        if (status.rfind("OK", 0) == 0) return responses;
        return Fail(ErrorCode::kUnavailable, "imap: " + command + ": " + status);
      }
      if (line->rfind("* ", 0) != 0)
        return Fail(ErrorCode::kUnavailable, "imap: unexpected line from the server: " + *line);
      // A line ending in a literal's "{n}" goes on after its n bytes, up to the next CRLF.
      Untagged response;
      for (std::string part = std::move(*line);;) {
        response.text += part;
        const auto size = LiteralSize(part);
        if (!size) break;
        auto literal = ReadBytes(*size);
        if (!literal) return tl::unexpected(literal.error());
        response.literals.push_back(std::move(*literal));
        auto rest = ReadLine();
        if (!rest) return tl::unexpected(rest.error());
        part = std::move(*rest);
      }
      responses.push_back(std::move(response));
    }
  }

 private:
  Status Send(std::string_view bytes) {
    while (!bytes.empty()) {
      size_t sent = 0;
      const CURLcode rc = curl_easy_send(curl_.get(), bytes.data(), bytes.size(), &sent);
      if (rc == CURLE_AGAIN) {
        if (auto ready = Wait(POLLOUT); !ready) return ready;
        continue;
      }
      if (rc != CURLE_OK)
        return Fail(ErrorCode::kUnavailable, std::string("imap: ") + curl_easy_strerror(rc));
      bytes.remove_prefix(sent);
    }
    return Ok();
  }

  // Reads more from the connection into `received_`.
  Status Receive() {
    char buffer[64 * 1024];
    while (true) {
      size_t n = 0;
      const CURLcode rc = curl_easy_recv(curl_.get(), buffer, sizeof buffer, &n);
      if (rc == CURLE_AGAIN) {
        if (auto ready = Wait(POLLIN); !ready) return ready;
        continue;
      }
      if (rc != CURLE_OK)
        return Fail(ErrorCode::kUnavailable, std::string("imap: ") + curl_easy_strerror(rc));
      if (n == 0) return Fail(ErrorCode::kUnavailable, "imap: the server closed the connection");
      received_.append(buffer, n);
      return Ok();
    }
  }

  // The next line, without its CRLF.
  Result<std::string> ReadLine() {
    size_t end;
    while ((end = received_.find("\r\n")) == std::string::npos)
      if (auto more = Receive(); !more) return tl::unexpected(more.error());
    std::string line = received_.substr(0, end);
    received_.erase(0, end + 2);
    return line;
  }

  Result<std::string> ReadBytes(size_t n) {
    while (received_.size() < n)
      if (auto more = Receive(); !more) return tl::unexpected(more.error());
    std::string bytes = received_.substr(0, n);
    received_.erase(0, n);
    return bytes;
  }

  Status Wait(short events) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline_ - SteadyClock::now());
    pollfd p{int(socket_), events, 0};
    const int ready = left.count() <= 0 ? 0 : ::poll(&p, 1, int(left.count()));
    if (ready == 0) return Fail(ErrorCode::kUnavailable, "imap: the server did not answer in time");
    if (ready < 0 && errno != EINTR)
      return Fail(ErrorCode::kUnavailable, std::string("imap: poll: ") + std::strerror(errno));
    return Ok();
  }

  std::unique_ptr<CURL, void (*)(CURL*)> curl_;
  std::string server_;  // scheme://host:port/
  std::string mailbox_;
  curl_socket_t socket_ = CURL_SOCKET_BAD;
  std::string received_;  // read from the connection, not yet consumed
  int tags_ = 0;
  SteadyClock::time_point deadline_;
};

// The number after `key` in an IMAP response ("UIDVALIDITY 1795425412").
std::optional<uint64_t> NumberAfter(std::string_view text, std::string_view key) {
  const size_t at = text.find(key);
  if (at == std::string_view::npos) return std::nullopt;
  std::string_view rest = text.substr(at + key.size());
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  uint64_t n = 0;
  auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), n);
  if (ec != std::errc()) return std::nullopt;
  return n;
}

std::vector<uint64_t> SearchResults(const std::vector<Untagged>& responses) {
  std::vector<uint64_t> uids;
  for (const auto& r : responses) {
    if (r.text.rfind("* SEARCH", 0) != 0) continue;
    std::istringstream words(r.text.substr(8));
    for (uint64_t uid; words >> uid;) uids.push_back(uid);
  }
  return uids;
}

// The UID a FETCH response is about ("* 5 FETCH (UID 12 BODY[] {340}").
std::optional<uint64_t> FetchedUid(std::string_view text) {
  const size_t fetch = text.find(" FETCH (");
  if (fetch == std::string_view::npos) return std::nullopt;
  const std::string_view items = text.substr(fetch + 8);
  if (items.rfind("UID ", 0) == 0) return NumberAfter(items, "UID");
  const size_t at = items.find(" UID ");
  if (at == std::string_view::npos) return std::nullopt;
  return NumberAfter(items.substr(at), " UID");
}

// The message `uid` without setting \Seen (BODY.PEEK[]), or nothing when it is gone (expunged
// since the search).
Result<std::optional<std::string>> FetchUnseen(ImapSession& session, uint64_t uid) {
  auto responses = session.Command("UID FETCH " + std::to_string(uid) + " BODY.PEEK[]");
  if (!responses) return tl::unexpected(responses.error());
  for (auto& r : *responses) {
    if (FetchedUid(r.text) != uid) continue;
    if (r.text.find("BODY[] {") == std::string::npos || r.literals.size() != 1)
      return Fail(ErrorCode::kUnavailable,
                  "imap: no message in the answer to UID FETCH " + std::to_string(uid));
    return std::move(r.literals.front());
  }
  return std::nullopt;
}

}  // namespace

Result<int> ImapPoller::PollOnce() {
  if (!settings_.lease_holder.empty() && clock_ != nullptr) {
    const Timestamp now = clock_->Now();
    auto held = store_.HoldLease("imap:" + settings_.url, settings_.lease_holder, now,
                                 now + 3 * std::max(settings_.poll_interval, Seconds{1}));
    if (!held) return tl::unexpected(held.error());
    if (!*held) return 0;  // another node polls this mailbox
  }
  ImapSession session(settings_);
  if (auto opened = session.Open(); !opened) return tl::unexpected(opened.error());
  auto selected = session.Command("SELECT " + Quoted(session.mailbox()));
  if (!selected) return tl::unexpected(selected.error());
  std::optional<uint64_t> validity;
  for (const auto& r : *selected)
    if (!validity) validity = NumberAfter(r.text, "[UIDVALIDITY");
  if (!validity) return Fail(ErrorCode::kUnavailable, "imap: no UIDVALIDITY from SELECT");

  // The cursor: "<uidvalidity> <last uid taken>". A new UIDVALIDITY renumbered the mailbox, so
  // everything is offered again (intake knows what it has taken).
  const std::string cursor_key = "imap_cursor:" + settings_.url;
  uint64_t last = 0;
  auto stored = store_.GetSetting(cursor_key);
  if (!stored) return tl::unexpected(stored.error());
  if (*stored) {
    std::istringstream in(**stored);
    uint64_t stored_validity = 0, stored_last = 0;
    if (in >> stored_validity >> stored_last && stored_validity == *validity) last = stored_last;
  }

  auto search = session.Command("UID SEARCH UID " + std::to_string(last + 1) + ":*");
  if (!search) return tl::unexpected(search.error());
  int taken = 0;
  for (uint64_t uid : SearchResults(*search)) {
    if (uid <= last) continue;  // "n:*" names the last message even when it is older than n
    auto raw = FetchUnseen(session, uid);
    if (!raw) return tl::unexpected(raw.error());
    if (*raw) {
      if (auto took = take_(**raw); !took) {
        spdlog::warn("imap: message UID {} not taken, retrying next pass: {}", uid,
                     took.error().message);
        break;
      }
      // Only now, with its ticket change committed, does the message count as read.
      if (auto seen =
              session.Command("UID STORE " + std::to_string(uid) + " +FLAGS.SILENT (\\Seen)");
          !seen)
        spdlog::warn("imap: could not mark UID {} seen: {}", uid, seen.error().message);
      ++taken;
    }
    last = uid;
    if (auto put =
            store_.PutSetting(cursor_key, std::to_string(*validity) + " " + std::to_string(last));
        !put)
      return tl::unexpected(put.error());
  }
  (void)session.Command("LOGOUT");  // courtesy: what was taken is taken either way
  return taken;
}

void ImapPoller::Start() {
  worker_.Start(settings_.poll_interval, [this] {
    auto taken = PollOnce();
    if (!taken)
      spdlog::warn("{}", taken.error().message);
    else if (*taken > 0)
      spdlog::info("imap: took {} message(s) from {}", *taken, settings_.url);
    return false;  // what arrives meanwhile waits for the next poll
  });
}

void ImapPoller::Stop() { worker_.Stop(); }

}  // namespace tierdesk::mail
