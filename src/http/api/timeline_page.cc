// A ticket's timeline a page at a time: the ticket view carries the latest events and a cursor,
// and GET /api/v1/tickets/{ref}/timeline?before=<cursor> the older ones. A page is bounded in
// events and in bytes, so no ticket, however much a client wrote on it, makes a large reply.

#include "http/api/api_util.h"
#include "http/api/request_parsers.h"
#include "http/api/tickets_resource.h"
#include "http/api/views.h"

namespace tierdesk::http {

namespace {

constexpr int kMaxTimelinePage = 200;
// Rows read for one page of a client's view at most: internal events are skipped, and a ticket
// of many internal notes must not make one request read them all.
constexpr int kMaxRowsPerPage = 1000;

}  // namespace

Result<json::Json> TicketsResource::TimelinePage(service::Store& reader, core::TicketId id,
                                                 const Principal& who,
                                                 std::optional<int64_t> before, int limit,
                                                 json::Json& next_cursor) {
  const bool client = who.is_client();
  std::vector<json::Json> shown;  // newest first
  size_t bytes = 0;
  int64_t place = before.value_or(INT64_MAX);  // the oldest event read so far
  int rows = 0;
  bool exhausted = false;  // no event older than `place`
  bool full = false;       // the page stopped at its size in bytes
  while (!exhausted && !full && int(shown.size()) < limit && rows < kMaxRowsPerPage) {
    const int want = std::min(limit - int(shown.size()), kMaxRowsPerPage - rows);
    auto page = reader.TicketEventsBefore(id, place, want + 1);  // one more: is there more?
    if (!page) return tl::unexpected(page.error());
    exhausted = int(page->size()) <= want;
    if (!exhausted) page->pop_back();
    for (const auto& e : *page) {
      if (auto view = EventView(e.event, procedure_->zone, client)) {
        if (!client) (*view)["seq"] = e.seq;
        const size_t size = json::Dump(*view).size();
        // The newest event always goes in: a page is never empty for its size alone.
        if (!shown.empty() && bytes + size > limits_.max_reply_bytes) {
          full = true;
          break;
        }
        bytes += size;
        shown.push_back(std::move(*view));
      }
      place = e.seq;
      ++rows;
    }
  }
  const bool more = full || !exhausted;
  next_cursor = more ? json::Json(client ? timeline_seal_.Seal(place) : std::to_string(place))
                     : json::Json(nullptr);
  json::Json out = json::Json::array();
  for (auto it = shown.rbegin(); it != shown.rend(); ++it) out.push_back(std::move(*it));
  return out;
}

ApiResponse TicketsResource::Timeline(const ApiRequest& request, const Principal& who,
                                      const std::string& ref) {
  ApiResponse error;
  auto query = ParseQuery(request.query, error);
  if (!query) return error;
  std::optional<int64_t> before;
  int limit = int(limits_.timeline_page);
  for (const auto& [key, value] : *query) {
    if (key == "before") {
      before = ParsePlace(value, who.is_client(), timeline_seal_);
      if (!before)
        return ErrorResponse(Refusal::kInvalidArgument,
                             "before is a cursor this API gave (timeline_cursor, next_cursor)",
                             "before");
    } else if (key == "limit") {
      auto count = ParseCountParameter(value, 1, kMaxTimelinePage);
      if (!count)
        return ErrorResponse(Refusal::kInvalidArgument,
                             "limit must be 1 to " + std::to_string(kMaxTimelinePage), "limit");
      limit = *count;
    } else {
      return ErrorResponse(Refusal::kInvalidArgument, "unknown query parameter '" + key + "'", key);
    }
  }
  auto reader = readers_.Borrow();
  auto ticket = LoadVisible(*reader, who, ref);
  if (!ticket) return ErrorResponse(ticket.error());
  json::Json cursor;
  auto events = TimelinePage(*reader, ticket->id, who, before, limit, cursor);
  if (!events) return ErrorResponse(events.error());
  json::Json body = json::Json::object();
  body["events"] = std::move(*events);
  body["next_cursor"] = std::move(cursor);
  return Json(200, body);
}

}  // namespace tierdesk::http
