#include "http/auth/credential_ends.h"

#include "http/live/stream_hub.h"

namespace tierdesk::http {

void CredentialEnds::Ended(const std::string& hash) {
  cache_.Forget(hash);
  RecheckStreams();
}

void CredentialEnds::PeopleChanged() { RecheckStreams(); }

void CredentialEnds::RecheckStreams() {
  if (StreamHub* hub = hub_.load()) hub->RecheckCredentials();
}

}  // namespace tierdesk::http
