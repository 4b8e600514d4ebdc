#pragma once

#include <optional>
#include <string>

#include "common/clock.h"
#include "core/ticket.h"
#include "http/api/api_options.h"
#include "http/api/exchange.h"
#include "http/api/procedure_in_force.h"
#include "http/api/reader_pool.h"
#include "http/api/uploads_resource.h"
#include "http/api/views.h"
#include "http/auth/auth.h"
#include "http/live/stream_cursor.h"
#include "json/codec.h"
#include "service/engine.h"

namespace tierdesk::http {

// The ticket routes (tickets_resource.cc): create, the ladder's commands (and their dry runs,
// dry_run.cc), one ticket, its timeline (timeline_page.cc), its files, the queues.
class TicketsResource {
 public:
  // `link_key` seals the timeline cursors given to clients.
  TicketsResource(service::Engine& engine, ReaderPool& readers, const ProcedureInForce& procedure,
                  const Clock& clock, const RequestLimits& limits, UploadsResource& uploads,
                  const std::string& link_key)
      : engine_(engine),
        readers_(readers),
        procedure_(procedure),
        clock_(clock),
        limits_(limits),
        uploads_(uploads),
        timeline_seal_(link_key, "timeline") {}

  void Create(const ApiRequest& request, const Principal& who, Respond respond);
  // POST /api/v1/tickets/{ref}/{name}, `name` a ticket command of the core's catalogue.
  void SendCommand(const ApiRequest& request, const Principal& who, const std::string& ref,
                   const std::string& name, Respond respond);
  ApiResponse Get(const Principal& who, const std::string& ref);
  // GET /api/v1/tickets/{ref}/timeline: older events a page at a time.
  ApiResponse Timeline(const ApiRequest& request, const Principal& who, const std::string& ref);
  ApiResponse List(const ApiRequest& request, const Principal& who);
  // A file the ticket lists, as a download.
  ApiResponse AttachmentFile(const Principal& who, const std::string& ref,
                             const std::string& sha256);

 private:
  // Open tickets by their earliest running deadline due within `window` of now.
  ApiResponse BreachingSoon(const Principal& who, const std::string& window, int limit,
                            bool other_filters);
  // Tickets whose text holds `words`, best first (staff; ?q=).
  ApiResponse Search(const Principal& who, const std::string& words, int limit, bool other_filters);
  // The events of ticket `id` before place `before` (all when nullopt) that `who` may see, as a
  // JSON array, oldest first: up to `limit` of them within max_reply_bytes, with the cursor of
  // the next older page in `next_cursor` (null at the first event). A client's cursors are
  // sealed, as its stream's ids are: they tell nothing of events it is not shown.
  Result<json::Json> TimelinePage(service::Store& reader, core::TicketId id, const Principal& who,
                                  std::optional<int64_t> before, int limit,
                                  json::Json& next_cursor);
  // `?dry_run=true` (dry_run.cc): what the command would do to the ticket as a reader sees it
  // now, decided by the core alone; nothing is submitted, written or remembered.
  ApiResponse DryRun(const core::Command& command);
  // Submits a parsed command to the engine and answers when it is durable.
  void Submit(core::Command command, const Principal& who, int success_status, Respond respond);
  // The ticket after a command and the events it caused, as the answer to its request.
  void RespondWithOutcome(const service::Outcome& outcome, const Viewer& viewer, int success_status,
                          const Respond& respond);

  service::Engine& engine_;
  ReaderPool& readers_;
  const ProcedureInForce& procedure_;
  const Clock& clock_;
  const RequestLimits& limits_;
  UploadsResource& uploads_;
  const StreamCursorSeal timeline_seal_;  // clients' cursors
};

// Ticket `ref` as `who` may read it: kNotFound (404) for an unknown one and, for a client, for
// another client's.
Result<core::Ticket> LoadVisible(service::Store& reader, const Principal& who,
                                 const std::string& ref);

}  // namespace tierdesk::http
