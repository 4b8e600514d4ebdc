#include "store/sql/rows.h"

namespace tierdesk::store::sql {

service::TicketSummary ReadSummary(const Row& row) {
  service::TicketSummary t;
  t.id = row.Int(0);
  t.title = row.Text(1);
  t.priority = core::Priority(row.Int(2));
  t.tier = row.Text(3);
  t.stage = core::ParseStage(row.Text(4)).value_or(core::Stage::kOpen);
  t.assignee = row.Text(5);
  t.client_id = row.Text(6);
  t.received_at = FromEpochSeconds(row.Int(7));
  t.updated_at = FromEpochSeconds(row.Int(8));
  t.paged = row.Text(9);
  t.consulting = row.Text(10);
  return t;
}

service::OutboxItem ReadOutboxItem(const Row& row) {
  service::OutboxItem item;
  item.id = row.Int(0);
  item.effect.ticket = row.Int(1);
  item.effect.kind = core::ParseEffectKind(row.Text(2));
  item.effect.to = row.Text(3);
  item.effect.template_name = row.Text(4);
  item.effect.subject = row.Text(5);
  item.effect.body = row.Text(6);
  item.created_at = FromEpochSeconds(row.Int(7));
  item.attempts = int(row.Int(8));
  if (!row.IsNull(9)) item.last_error = row.Text(9);
  if (!row.IsNull(10)) item.dead_at = FromEpochSeconds(row.Int(10));
  return item;
}

service::ApiToken ReadApiToken(const Row& row) {
  service::ApiToken t{
      row.Text(0), row.Text(1), row.Text(2), row.Text(3), FromEpochSeconds(row.Int(4)),
      std::nullopt};
  if (!row.IsNull(5)) t.revoked_at = FromEpochSeconds(row.Int(5));
  t.read_only = row.Bool(6);
  return t;
}

service::Client ReadClient(const Row& row) {
  return service::Client{row.Text(0), row.Text(1), row.Text(2), row.Text(3), row.Text(4)};
}

}  // namespace tierdesk::store::sql
