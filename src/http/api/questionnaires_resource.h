#pragma once

#include "http/api/api_options.h"
#include "http/api/exchange.h"
#include "http/api/procedure_in_force.h"
#include "http/auth/auth.h"

namespace tierdesk::http {

// The procedure's questionnaires over the API (questionnaires_resource.cc): which are offered
// for a request, and a walk through one, question by question. The core walks it; a page only
// shows the question it is given next and what the answers so far lead to. Clients see only
// those for clients, and of where their answers lead only the fix to try.
class QuestionnairesResource {
 public:
  QuestionnairesResource(ProcedureInForce& procedure, const RequestLimits& limits)
      : procedure_(procedure), limits_(limits) {}

  // GET /api/v1/questionnaires?category=&channel=
  ApiResponse List(const ApiRequest& request, const Principal& who);
  // POST /api/v1/questionnaires/{id}/walk {"answers": {...}}
  ApiResponse Walk(const ApiRequest& request, const Principal& who, const std::string& id);

 private:
  ProcedureInForce& procedure_;
  const RequestLimits& limits_;
};

}  // namespace tierdesk::http
