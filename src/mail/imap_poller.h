#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "common/clock.h"
#include "common/result.h"
#include "common/time.h"
#include "service/periodic.h"
#include "service/ports.h"

namespace tierdesk::mail {

struct ImapSettings {
  std::string url;        // imap://host:143/INBOX, or imaps://host:993/INBOX
  bool starttls = false;  // require STARTTLS on imap://
  std::string ca_file;    // PEM bundle to verify the server with; empty = the system's
  std::string username;
  std::string password;
  Seconds poll_interval{30};
  // On a database several nodes share, the name this node polls under: one node at a time
  // holds the mailbox's lease (renewed each pass, lapsing after three missed passes), and the
  // others skip their passes. Empty: no lease (one node).
  std::string lease_holder;
};

// Takes new mail from an IMAP mailbox (libcurl connects, verifies TLS and logs in). Messages are
// fetched in UID order with BODY.PEEK[], which leaves them unread; each is marked \Seen and the
// mailbox's cursor (UIDVALIDITY and last UID, kept in the store's settings) moves past it only
// after `take` returned: once its ticket change is durable. A message `take` refuses stays
// unread and is fetched again on the next pass. A crash between the commit and the cursor's move
// fetches the message again, and intake's Message-ID key makes that no second change.
class ImapPoller {
 public:
  // Takes one message; an error means "not now" (the store or engine is down): the pass stops
  // and the message is fetched again on the next.
  using Take = std::function<Status(std::string_view raw)>;

  // `clock` times the lease (when settings.lease_holder is set).
  ImapPoller(ImapSettings settings, service::SettingsStore& store, Take take,
             const Clock* clock = nullptr)
      : settings_(std::move(settings)), store_(store), take_(std::move(take)), clock_(clock) {}

  // One pass over the mailbox: how many messages were taken (none when another node holds
  // the mailbox's lease).
  [[nodiscard]] Result<int> PollOnce();

  // Polls every poll_interval on a thread of its own until Stop.
  void Start();
  void Stop();

 private:
  ImapSettings settings_;
  service::SettingsStore& store_;
  Take take_;
  const Clock* clock_;
  service::Periodic worker_;
};

}  // namespace tierdesk::mail
