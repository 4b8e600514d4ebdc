#pragma once

#include <string>

#include "http/api/api_options.h"
#include "http/api/exchange.h"
#include "http/api/procedure_in_force.h"
#include "http/api/reader_pool.h"
#include "http/auth/auth.h"

namespace tierdesk::http {

class StreamHub;

// The live routes (streams_resource.cc): the event stream and staff presence on a ticket.
class StreamsResource {
 public:
  StreamsResource(ReaderPool& readers, const ProcedureInForce& procedure,
                  const RequestLimits& limits)
      : readers_(readers), procedure_(procedure), limits_(limits) {}

  // Without a hub both routes answer 503. Set before serving.
  void SetStreamHub(StreamHub* hub);

  // GET /api/v1/stream
  ApiResponse Open(const ApiRequest& request, const Principal& who);
  // POST /api/v1/tickets/{ref}/presence
  ApiResponse MarkPresence(const ApiRequest& request, const Principal& who, const std::string& ref);

 private:
  ReaderPool& readers_;
  const ProcedureInForce& procedure_;
  const RequestLimits& limits_;
  StreamHub* hub_ = nullptr;
};

}  // namespace tierdesk::http
