#pragma once

#include <string>

#include "common/clock.h"
#include "http/api/api_options.h"
#include "http/api/exchange.h"
#include "http/api/procedure_in_force.h"
#include "http/api/reader_pool.h"
#include "http/auth/auth.h"
#include "http/auth/credential_ends.h"

namespace tierdesk::http {

// API tokens over the API (tokens_resource.cc): everyone lists, makes and revokes their own;
// administrators everyone's.
class TokensResource {
 public:
  TokensResource(ReaderPool& readers, const ProcedureInForce& procedure, const Clock& clock,
                 const RequestLimits& limits, CredentialEnds& ends)
      : readers_(readers), procedure_(procedure), clock_(clock), limits_(limits), ends_(ends) {}

  ApiResponse List(const Principal& who);
  ApiResponse Create(const ApiRequest& request, const Principal& who);
  ApiResponse Revoke(const Principal& who, const std::string& id);

 private:
  ReaderPool& readers_;
  const ProcedureInForce& procedure_;
  const Clock& clock_;
  const RequestLimits& limits_;
  CredentialEnds& ends_;
};

}  // namespace tierdesk::http
