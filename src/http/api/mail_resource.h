#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "common/result.h"
#include "http/api/exchange.h"
#include "http/api/procedure_in_force.h"
#include "http/api/reader_pool.h"
#include "http/auth/auth.h"
#include "json/codec.h"

namespace tierdesk::http {

// Mail over the API (mail_resource.cc): received mail handed in by the gateway, and the mail
// kept for an operator to sort out.
class MailResource {
 public:
  MailResource(ReaderPool& readers, const ProcedureInForce& procedure)
      : readers_(readers), procedure_(procedure) {}

  // Takes one received mail (RFC 5322 bytes) into tickets, using `store` for its reads; answers
  // the outcome as JSON. Set when mail is configured; without it, inbound mail answers 503.
  using Intake = std::function<Result<json::Json>(std::string_view raw, service::Store& store)>;
  void SetIntake(Intake intake) { intake_ = std::move(intake); }

  // POST /api/v1/mail/inbound: the gateway's one route.
  void Inbound(const ApiRequest& request, const Principal& who, Respond respond);
  // The list of refused mail (`id` empty), or one whole message.
  ApiResponse Refused(const Principal& who, const std::string& id);

 private:
  ReaderPool& readers_;
  const ProcedureInForce& procedure_;
  Intake intake_;
};

}  // namespace tierdesk::http
