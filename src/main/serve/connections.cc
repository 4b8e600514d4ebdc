#include "main/serve/connections.h"

#include <algorithm>

#include "main/store_open.h"

namespace tierdesk::serve {

std::vector<service::Store*> Connections::Readers() const {
  std::vector<service::Store*> pointers;
  for (const auto& reader : readers) pointers.push_back(reader.get());
  return pointers;
}

Result<Connections> OpenConnections(const std::string& db, const std::string& node,
                                    size_t http_threads, bool polls_mail) {
  Connections c;
  auto open = [&](std::unique_ptr<service::Store>& into,
                  cli::StoreRole role = cli::StoreRole::kOther) -> Status {
    auto opened = cli::OpenStoreAt(db, role, node);
    if (!opened) return tl::unexpected(opened.error());
    into = std::move(*opened);
    return Ok();
  };
  // The writer first: it creates and migrates the database the others then open.
  if (auto s = open(c.writer, cli::StoreRole::kWriter); !s) return tl::unexpected(s.error());
  for (std::unique_ptr<service::Store>* job :
       {&c.outbox, &c.stream_reader, &c.housekeeping, &c.upkeep})
    if (auto s = open(*job); !s) return tl::unexpected(s.error());
  c.readers.resize(std::max<size_t>(1, http_threads));
  for (auto& reader : c.readers)
    if (auto s = open(reader); !s) return tl::unexpected(s.error());
  if (polls_mail)
    if (auto s = open(c.mailbox); !s) return tl::unexpected(s.error());
  return c;
}

}  // namespace tierdesk::serve
