// The live routes: the event stream and staff presence on a ticket.

#include "http/live/streams_resource.h"

#include "http/api/api_util.h"
#include "http/live/stream_hub.h"

namespace tierdesk::http {

namespace {

// The value of `name` in a query string, decoded; nullopt when absent.
std::optional<std::string> QueryValue(std::string_view query, std::string_view name) {
  std::optional<std::string> found;
  while (!query.empty()) {
    const size_t amp = std::min(query.find('&'), query.size());
    const std::string_view item = query.substr(0, amp);
    const size_t eq = std::min(item.find('='), item.size());
    if (PercentDecode(item.substr(0, eq)) == name)
      found = PercentDecode(item.substr(std::min(eq + 1, item.size())));
    query.remove_prefix(std::min(amp + 1, query.size()));
  }
  return found;
}

}  // namespace

void StreamsResource::SetStreamHub(StreamHub* hub) {
  hub_ = hub;
  // Staff streams last while the procedure in force names their person.
  if (hub != nullptr) hub->SetProcedure([this] { return &*procedure_; });
}

ApiResponse StreamsResource::Open(const ApiRequest& request, const Principal& who) {
  if (hub_ == nullptr)
    return ErrorResponse(Refusal::kUnavailable, "live updates are not served here");
  // A browser's reconnect names the last event it got in Last-Event-ID (the URL still carries
  // the `since` of the first connect): the header wins.
  std::optional<int64_t> since;
  const std::string last_event_id = request.Header("last-event-id");
  const auto since_query = QueryValue(request.query, "since");
  if (!last_event_id.empty() || since_query) {
    const bool from_header = !last_event_id.empty();
    since = hub_->ParsePlace(from_header ? last_event_id : *since_query, who.is_client());
    if (!since)
      return ErrorResponse(Refusal::kMalformedRequest,
                           "give the id of the last event this stream received",
                           from_header ? "Last-Event-ID" : "since");
  }
  // Each stream holds a connection: a credential holds a few at most.
  bool over_all = false;
  auto slot = hub_->Reserve(!who.session_hash.empty() ? who.session_hash
                            : !who.token_hash.empty() ? who.token_hash
                                                      : who.actor,
                            who.actor, &over_all);
  if (!slot) {
    ApiResponse r = over_all ? ErrorResponse(Refusal::kUnavailable, "too many live streams open")
                             : ErrorResponse(Refusal::kTooManyStreams,
                                             "you have as many live streams open as you may; "
                                             "close one first");
    r.headers.emplace_back("Retry-After", "5");
    return r;
  }
  StreamAudience audience{who.person != nullptr, who.actor, who.is_client() ? who.client_id : "",
                          who.session_hash, who.token_hash};
  ApiResponse r{200, "", "text/event-stream"};
  r.headers = {{"Cache-Control", "no-cache"}, {"X-Accel-Buffering", "no"}};
  r.stream = [hub = hub_, audience, since,
              slot = std::move(slot)](std::shared_ptr<EventStream> stream) {
    hub->Subscribe(std::move(stream), audience, since, slot);
  };
  return r;
}

ApiResponse StreamsResource::MarkPresence(const ApiRequest& request, const Principal& who,
                                          const std::string& ref) {
  if (who.is_client())
    return ErrorResponse(Refusal::kPermissionDenied, "presence on tickets is for staff");
  if (hub_ == nullptr)
    return ErrorResponse(Refusal::kUnavailable, "live updates are not served here");
  ApiResponse error;
  auto body = ParseBody(request.body, limits_, error);
  if (!body) return error;
  auto state = body->find("state");
  if (state == body->end() || !state->is_string() || (*state != "viewing" && *state != "writing"))
    return ErrorResponse(Refusal::kInvalidArgument, R"(state is "viewing" or "writing")", "state");
  auto id = core::ParseTicketRef(ref);
  if (!id) return ErrorResponse(Refusal::kNotFound, "no ticket " + ref, "ticket");
  {
    auto reader = readers_.Borrow();
    if (auto ticket = reader->Load(*id); !ticket) return ErrorResponse(ticket.error());
  }
  const Presence p = hub_->MarkPresence(*id, who.actor, state->get<std::string>());
  return Json(200, json::Json{{"ref", core::TicketRef(p.ticket)},
                              {"actor", p.actor},
                              {"state", p.state},
                              {"expires", FormatTimestamp(p.expires)}});
}

}  // namespace tierdesk::http
