#pragma once

#include <string>

#include "common/clock.h"
#include "http/api/api_options.h"
#include "http/api/exchange.h"
#include "http/api/reader_pool.h"
#include "service/engine.h"

namespace tierdesk::http {

// The pages behind the one-click links in mail (link_pages.cc): acknowledge a page, sign off,
// reopen, approve or decline. GET /l/{token} names what the link does, with a button; POST does
// it. (A GET never changes anything: mail scanners open links.)
class LinkPages {
 public:
  // `link_key` signs the links; empty, every link answers that this desk does not use them.
  LinkPages(service::Engine& engine, ReaderPool& readers, const Clock& clock,
            const RequestLimits& limits, const std::string& link_key)
      : engine_(engine), readers_(readers), clock_(clock), limits_(limits), link_key_(link_key) {}

  void Handle(const ApiRequest& request, const std::string& token, Respond respond);

 private:
  service::Engine& engine_;
  ReaderPool& readers_;
  const Clock& clock_;
  const RequestLimits& limits_;
  const std::string& link_key_;
};

}  // namespace tierdesk::http
