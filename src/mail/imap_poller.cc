#include "mail/imap_poller.h"

#include <curl/curl.h>
#include <spdlog/spdlog.h>

#include <charconv>
#include <memory>
#include <sstream>
#include <vector>

namespace tierdesk::mail {

namespace {

size_t Collect(char* data, size_t size, size_t count, void* out) {
  static_cast<std::string*>(out)->append(data, size * count);
  return size * count;
}

// One IMAP session over one connection: libcurl reuses it for every request of a pass.
class ImapSession {
 public:
  explicit ImapSession(const ImapSettings& s) : curl_(curl_easy_init(), curl_easy_cleanup) {
    const size_t authority = s.url.find("://");
    const size_t path =
        authority == std::string::npos ? std::string::npos : s.url.find('/', authority + 3);
    base_ = path == std::string::npos ? s.url + "/" : s.url.substr(0, path + 1);
    mailbox_ = path == std::string::npos ? "INBOX" : s.url.substr(path + 1);
    if (mailbox_.empty()) mailbox_ = "INBOX";
    CURL* c = curl_.get();
    curl_easy_setopt(c, CURLOPT_USERNAME, s.username.c_str());
    curl_easy_setopt(c, CURLOPT_PASSWORD, s.password.c_str());
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, Collect);
    if (s.starttls) curl_easy_setopt(c, CURLOPT_USE_SSL, long(CURLUSESSL_ALL));
    if (!s.ca_file.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, s.ca_file.c_str());
  }

  const std::string& mailbox() const { return mailbox_; }

  // A command's untagged responses; `in_mailbox` selects the mailbox first.
  Result<std::string> Command(const std::string& command, bool in_mailbox) {
    return Perform(in_mailbox ? base_ + mailbox_ : base_, command);
  }
  Result<std::string> Fetch(uint64_t uid) {
    return Perform(base_ + mailbox_ + ";UID=" + std::to_string(uid), "");
  }

 private:
  Result<std::string> Perform(const std::string& url, const std::string& command) {
    std::string out;
    CURL* c = curl_.get();
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, command.empty() ? nullptr : command.c_str());
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &out);
    const CURLcode rc = curl_easy_perform(c);
    if (rc != CURLE_OK)
      return Fail(ErrorCode::kUnavailable, std::string("imap: ") + curl_easy_strerror(rc) +
                                               (command.empty() ? "" : " (" + command + ")"));
    return out;
  }

  std::unique_ptr<CURL, void (*)(CURL*)> curl_;
  std::string base_;
  std::string mailbox_;
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

std::vector<uint64_t> SearchResults(const std::string& text) {
  std::vector<uint64_t> uids;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("* SEARCH", 0) != 0) continue;
    std::istringstream words(line.substr(8));
    for (uint64_t uid; words >> uid;) uids.push_back(uid);
  }
  return uids;
}

}  // namespace

Result<int> ImapPoller::PollOnce() {
  ImapSession session(settings_);
  auto status =
      session.Command("STATUS \"" + session.mailbox() + "\" (UIDVALIDITY UIDNEXT)", false);
  if (!status) return tl::unexpected(status.error());
  const auto validity = NumberAfter(*status, "UIDVALIDITY");
  if (!validity) return Fail(ErrorCode::kUnavailable, "imap: no UIDVALIDITY in: " + *status);

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

  auto search = session.Command("UID SEARCH UID " + std::to_string(last + 1) + ":*", true);
  if (!search) return tl::unexpected(search.error());
  int taken = 0;
  for (uint64_t uid : SearchResults(*search)) {
    if (uid <= last) continue;  // "n:*" names the last message even when it is older than n
    auto raw = session.Fetch(uid);
    if (!raw) return tl::unexpected(raw.error());
    if (auto took = take_(*raw); !took) {
      spdlog::warn("imap: message UID {} not taken, retrying next pass: {}", uid,
                   took.error().message);
      break;
    }
    if (auto seen = session.Command("UID STORE " + std::to_string(uid) + " +FLAGS (\\Seen)", true);
        !seen)
      spdlog::warn("imap: could not mark UID {} seen: {}", uid, seen.error().message);
    last = uid;
    if (auto put =
            store_.PutSetting(cursor_key, std::to_string(*validity) + " " + std::to_string(last));
        !put)
      return tl::unexpected(put.error());
    ++taken;
  }
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
