// The live routes: the event stream and staff presence on a ticket.
#include <charconv>

#include "http/api.h"
#include "http/api_util.h"
#include "http/stream_hub.h"

namespace tierdesk::http {

namespace {

// A place in the event log: a seq, as a Last-Event-ID header or a `since` query parameter.
std::optional<int64_t> ParseSeq(std::string_view text) {
  int64_t seq = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), seq);
  if (ec != std::errc() || end != text.data() + text.size() || seq < 0) return std::nullopt;
  return seq;
}

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

void Api::SetStreamHub(StreamHub* hub) {
  stream_hub_ = hub;
  // Staff streams last while the procedure in force names their person.
  if (hub != nullptr) hub->SetProcedure([this] { return &P(); });
}

ApiResponse Api::OpenStream(const ApiRequest& request, const Principal& who) {
  if (stream_hub_ == nullptr)
    return ErrorResponse(503, "unavailable", "live updates are not served here");
  // A browser's reconnect names the last event it got in Last-Event-ID (the URL still carries
  // the `since` of the first connect): the header wins.
  std::optional<int64_t> since;
  const std::string last_event_id = request.Header("last-event-id");
  const auto since_query = QueryValue(request.query, "since");
  if (!last_event_id.empty() || since_query) {
    const bool from_header = !last_event_id.empty();
    since = ParseSeq(from_header ? last_event_id : *since_query);
    if (!since)
      return ErrorResponse(400, "invalid_argument",
                           "give the seq (the id) of the last event received, a number",
                           from_header ? "Last-Event-ID" : "since");
  }
  StreamAudience audience{who.person != nullptr, who.actor, who.is_client() ? who.client_id : "",
                          who.session_hash, who.token_hash};
  ApiResponse r{200, "", "text/event-stream"};
  r.headers = {{"Cache-Control", "no-cache"}, {"X-Accel-Buffering", "no"}};
  r.stream = [hub = stream_hub_, audience, since](std::shared_ptr<EventStream> stream) {
    hub->Subscribe(std::move(stream), audience, since);
  };
  return r;
}

ApiResponse Api::MarkPresence(const ApiRequest& request, const Principal& who,
                              const std::string& ref) {
  if (who.is_client())
    return ErrorResponse(403, "permission_denied", "presence on tickets is for staff");
  if (stream_hub_ == nullptr)
    return ErrorResponse(503, "unavailable", "live updates are not served here");
  ApiResponse error;
  auto body = ParseBody(request.body, options_.limits, error);
  if (!body) return error;
  auto state = body->find("state");
  if (state == body->end() || !state->is_string() || (*state != "viewing" && *state != "writing"))
    return ErrorResponse(422, "invalid_argument", R"(state is "viewing" or "writing")", "state");
  auto id = core::ParseTicketRef(ref);
  if (!id) return ErrorResponse(404, "not_found", "no ticket " + ref, "ticket");
  {
    auto reader = Reader();
    if (auto ticket = reader->Load(*id); !ticket) return ErrorResponse(ticket.error());
  }
  const Presence p = stream_hub_->MarkPresence(*id, who.actor, state->get<std::string>());
  return Json(200, json::Json{{"ref", core::TicketRef(p.ticket)},
                              {"actor", p.actor},
                              {"state", p.state},
                              {"expires", FormatTimestamp(p.expires)}});
}

}  // namespace tierdesk::http
