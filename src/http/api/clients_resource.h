#pragma once

#include "http/api/api_options.h"
#include "http/api/exchange.h"
#include "http/api/reader_pool.h"
#include "http/auth/auth.h"

namespace tierdesk::http {

// The client directory over the API (clients_resource.cc): staff find a caller as they type and
// add one on the spot; clients and the mail gateway see none of it.
class ClientsResource {
 public:
  ClientsResource(ReaderPool& readers, const RequestLimits& limits)
      : readers_(readers), limits_(limits) {}

  ApiResponse Search(const ApiRequest& request, const Principal& who);
  ApiResponse Add(const ApiRequest& request, const Principal& who);

 private:
  ReaderPool& readers_;
  const RequestLimits& limits_;
};

}  // namespace tierdesk::http
