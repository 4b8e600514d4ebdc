#pragma once

#include <atomic>
#include <string>

#include "http/auth/credential_cache.h"

namespace tierdesk::http {

class StreamHub;

// Makes the end of a credential take effect on this server at once, not when caches expire:
// the credential cache forgets it and the live streams check theirs again, closing its own.
// Thread-safe.
class CredentialEnds {
 public:
  explicit CredentialEnds(CredentialCache& cache) : cache_(cache) {}
  // Live streams to close; without a hub there are none. Set before serving.
  void SetStreamHub(StreamHub* hub) { hub_ = hub; }

  // A logout or a revocation through this server: `hash` is refused from the next request on.
  void Ended(const std::string& hash);
  // A new procedure is in force: someone it no longer names loses their streams now, not at
  // the next event.
  void PeopleChanged();

 private:
  void RecheckStreams();

  CredentialCache& cache_;
  std::atomic<StreamHub*> hub_{nullptr};
};

}  // namespace tierdesk::http
