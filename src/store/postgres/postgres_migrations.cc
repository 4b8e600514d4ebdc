#include "store/postgres/postgres_migrations.h"

namespace tierdesk::store {

const std::vector<const char*>& PostgresMigrations() {
  static const std::vector<const char*> migrations = {
      // 1: the schema of SQLite's ten migrations, in PostgreSQL's types. Instants are UTC
      // seconds (BIGINT), as on SQLite, so a copy between the two is exact.
      R"sql(
-- fillfactor: room in each page for the new version of a row, so an update that changes no
-- indexed column (a note, a response, a breach) stays on its page and touches no index (HOT).
CREATE TABLE tickets (
  id          BIGINT PRIMARY KEY,
  version     BIGINT NOT NULL,
  tier        TEXT NOT NULL,
  stage       TEXT NOT NULL,
  priority    INTEGER NOT NULL,
  received_at BIGINT NOT NULL,
  updated_at  BIGINT NOT NULL,
  client_id   TEXT NOT NULL,
  assignee    TEXT NOT NULL,
  title       TEXT NOT NULL,
  is_open     BOOLEAN NOT NULL,
  paged_to    TEXT NOT NULL,
  state       TEXT NOT NULL
) WITH (fillfactor = 80);
-- Each serves "ORDER BY priority, received_at, id" without sorting: a tier's open tickets, all
-- open tickets, a client's, an assignee's, and (few at a time) those with a page in flight.
CREATE INDEX tickets_tier_queue ON tickets (tier, is_open, priority, received_at, id);
CREATE INDEX tickets_open_queue ON tickets (is_open, priority, received_at, id);
CREATE INDEX tickets_client_queue ON tickets (client_id, priority, received_at, id);
CREATE INDEX tickets_assignee_queue ON tickets (assignee, priority, received_at, id);
CREATE INDEX tickets_paged_queue ON tickets (paged_to, priority, received_at, id)
  WHERE paged_to <> '';

CREATE TABLE ticket_assets (
  ticket_id   BIGINT NOT NULL REFERENCES tickets (id),
  asset       TEXT NOT NULL,
  client_id   TEXT NOT NULL,
  received_at BIGINT NOT NULL,
  PRIMARY KEY (asset, received_at, ticket_id)
);
CREATE INDEX ticket_assets_ticket ON ticket_assets (ticket_id);

-- The event log's sequence: one row, advanced by each commit as its last write, so commits
-- take their seqs in commit order and a reader following the log by seq misses nothing (a
-- database sequence hands out numbers at insert time, out of commit order across writers).
CREATE TABLE event_log_head (
  one      BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (one),
  last_seq BIGINT NOT NULL
);
INSERT INTO event_log_head (last_seq) VALUES (0);

CREATE TABLE events (
  seq       BIGINT PRIMARY KEY,
  ticket_id BIGINT NOT NULL REFERENCES tickets (id),
  at        BIGINT NOT NULL,
  type      TEXT NOT NULL,
  actor     TEXT NOT NULL,
  recipient TEXT NOT NULL,
  fields    TEXT NOT NULL
);
CREATE INDEX events_by_ticket ON events (ticket_id, seq);

CREATE TABLE deadlines (
  ticket_id BIGINT NOT NULL REFERENCES tickets (id),
  clock     TEXT NOT NULL,
  due       BIGINT NOT NULL,
  PRIMARY KEY (ticket_id, clock)
);
CREATE INDEX deadlines_due ON deadlines (due, ticket_id);

CREATE TABLE outbox (
  id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  ticket_id       BIGINT NOT NULL REFERENCES tickets (id),
  kind            TEXT NOT NULL,
  recipient       TEXT NOT NULL,
  template        TEXT NOT NULL,
  subject         TEXT NOT NULL,
  body            TEXT NOT NULL,
  created_at      BIGINT NOT NULL,
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at BIGINT NOT NULL,
  delivered_at    BIGINT,
  last_error      TEXT,
  dead_at         BIGINT
);
CREATE INDEX outbox_pending ON outbox (next_attempt_at, id)
  WHERE delivered_at IS NULL AND dead_at IS NULL;
CREATE INDEX outbox_dead ON outbox (dead_at, id) WHERE dead_at IS NOT NULL;

CREATE TABLE idempotency_keys (
  key        TEXT PRIMARY KEY,
  ticket_id  BIGINT NOT NULL,
  version    BIGINT NOT NULL,
  command    TEXT NOT NULL,
  created_at BIGINT NOT NULL
);

CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE api_tokens (
  id         TEXT PRIMARY KEY,
  hash       TEXT NOT NULL UNIQUE,
  actor      TEXT NOT NULL,
  label      TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  revoked_at BIGINT,
  read_only  BOOLEAN NOT NULL DEFAULT FALSE
);

CREATE TABLE accounts (
  login         TEXT PRIMARY KEY,
  password_hash TEXT NOT NULL,
  updated_at    BIGINT NOT NULL
);
CREATE TABLE sessions (
  hash       TEXT PRIMARY KEY,
  actor      TEXT NOT NULL,
  csrf_token TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_expiry ON sessions (expires_at);

-- A NULL email for clients known by phone only.
CREATE TABLE clients (
  id           TEXT PRIMARY KEY,
  name         TEXT NOT NULL,
  email        TEXT UNIQUE,
  organisation TEXT NOT NULL
);
CREATE TABLE blobs (
  sha256 TEXT PRIMARY KEY,
  data   BYTEA NOT NULL
);
CREATE TABLE refused_mail (
  id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  received_at BIGINT NOT NULL,
  reason      TEXT NOT NULL,
  message_id  TEXT NOT NULL,
  sender      TEXT NOT NULL,
  raw         BYTEA NOT NULL,
  intake_key  TEXT NOT NULL
);
-- Unique: two nodes receiving the same message keep it once.
CREATE UNIQUE INDEX refused_mail_key ON refused_mail (intake_key) WHERE intake_key <> '';
)sql",
      // 2: ticket ids from a sequence: nodes creating tickets at once never take the same id.
      // Each node asks for ids as it needs them (a gap stays where a node stopped holding one).
      R"sql(
CREATE SEQUENCE ticket_ids AS BIGINT;
SELECT setval('ticket_ids', COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) FROM tickets;
)sql",
      // 3: several nodes on one database. Each deadline names the node that holds it (fires it)
      // and until when; `claimable_at` is when another node may claim it: an unheld deadline as
      // it falls due, a held one once the hold runs out. Leases for work one node does at a
      // time (polling a mailbox).
      R"sql(
ALTER TABLE deadlines ADD COLUMN owner TEXT NOT NULL DEFAULT '';
ALTER TABLE deadlines ADD COLUMN owner_until BIGINT NOT NULL DEFAULT 0;
ALTER TABLE deadlines ADD COLUMN claimable_at BIGINT
  GENERATED ALWAYS AS (CASE WHEN owner = '' THEN due ELSE owner_until END) STORED;
CREATE INDEX deadlines_claimable ON deadlines (claimable_at);
CREATE TABLE leases (
  name   TEXT PRIMARY KEY,
  holder TEXT NOT NULL,
  until  BIGINT NOT NULL
);
)sql",
      // 4: what the request under each idempotency key asked, so the key sent with another
      // request is refused (keys stored before it match only a request without a digest).
      R"sql(
ALTER TABLE idempotency_keys ADD COLUMN fingerprint TEXT NOT NULL DEFAULT '';
)sql",
      // 5: wrong passwords counted in the database, so every node throttles the same guesses;
      // a login's sessions found to end them (a password changed).
      R"sql(
CREATE INDEX sessions_actor ON sessions (actor);
CREATE TABLE login_failures (
  key      TEXT PRIMARY KEY,
  failures BIGINT NOT NULL,
  last_at  BIGINT NOT NULL
);
CREATE INDEX login_failures_last ON login_failures (last_at);
)sql",
      // 6: who uploaded which file when, and which files tickets name: an upload no ticket
      // names is removed after a while. Files stored before are named by their tickets' state;
      // those no ticket names become an old upload of nobody's, removed at the next sweep.
      R"sql(
CREATE TABLE uploads (
  uploader    TEXT NOT NULL,
  sha256      TEXT NOT NULL,
  size        BIGINT NOT NULL,
  uploaded_at BIGINT NOT NULL,
  PRIMARY KEY (uploader, sha256)
);
CREATE INDEX uploads_at ON uploads (uploaded_at);
CREATE INDEX uploads_file ON uploads (sha256);
CREATE TABLE ticket_files (
  sha256    TEXT NOT NULL,
  ticket_id BIGINT NOT NULL,
  PRIMARY KEY (sha256, ticket_id)
);
INSERT INTO ticket_files (sha256, ticket_id)
  SELECT DISTINCT a->>'sha256', t.id
  FROM tickets t, jsonb_array_elements(COALESCE(t.state::jsonb -> 'attachments', '[]'::jsonb)) a
  WHERE COALESCE(a->>'sha256', '') <> '';
INSERT INTO uploads (uploader, sha256, size, uploaded_at)
  SELECT '', sha256, length(data), 0 FROM blobs
  WHERE sha256 NOT IN (SELECT sha256 FROM ticket_files);
)sql",
      // 7: clients' phone numbers, as given and as digits (how an agent's search finds one).
      R"sql(
ALTER TABLE clients ADD COLUMN phone TEXT NOT NULL DEFAULT '';
ALTER TABLE clients ADD COLUMN phone_digits TEXT NOT NULL DEFAULT '';
)sql",
      // 8: the teams each open ticket waits on for a consult's answer (",dba,"; empty when
      // none), for each team's queue. No ticket stored before had consults. Few tickets wait
      // on one, so the index holds only those, in queue order.
      R"sql(
ALTER TABLE tickets ADD COLUMN consulting TEXT NOT NULL DEFAULT '';
CREATE INDEX tickets_consulting_queue ON tickets (priority, received_at, id)
  WHERE consulting <> '';
)sql",
      // 9: the knowledge base, as on SQLite (migration 16 there): an article's whole state, what
      // it is about, the stored files it names, its views with their text and the keys of who
      // reads each. The views' words are a generated tsvector (the title weighing as 'A', the
      // text as 'B') under a GIN index.
      R"sql(
CREATE TABLE articles (
  id       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  revision BIGINT NOT NULL,
  status   TEXT NOT NULL,
  state    TEXT NOT NULL
);
CREATE TABLE article_subjects (
  subject    TEXT NOT NULL,
  article_id BIGINT NOT NULL,
  PRIMARY KEY (subject, article_id)
);
CREATE TABLE article_files (
  sha256     TEXT NOT NULL,
  article_id BIGINT NOT NULL,
  PRIMARY KEY (sha256, article_id)
);
CREATE TABLE article_views (
  id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  article_id BIGINT NOT NULL,
  version    INTEGER NOT NULL,
  title      TEXT NOT NULL,
  text       TEXT NOT NULL,
  at         BIGINT NOT NULL,
  tags       TEXT NOT NULL,
  search     tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', title), 'A') ||
    setweight(to_tsvector('english', text), 'B')) STORED
);
CREATE INDEX article_views_article ON article_views (article_id);
CREATE INDEX article_views_search ON article_views USING GIN (search);
CREATE TABLE article_view_keys (
  key        TEXT NOT NULL,
  article_id BIGINT NOT NULL,
  view_id    BIGINT NOT NULL,
  PRIMARY KEY (key, article_id, view_id)
);
)sql",
      // 10: a view's tags (its readers' keys and its subjects, service::SearchTag) as an array on
      // its row: a search checks them on the rows the GIN index found, where the keys table
      // would cost a lookup per match. The GIN index takes each view's words as it is written:
      // with fastupdate they wait in a pending list that every search reads whole until the
      // next vacuum (30 ms a search after a bulk load); articles are written rarely.
      R"sql(
ALTER TABLE article_views ADD COLUMN tag_set TEXT[]
  GENERATED ALWAYS AS (string_to_array(tags, ' ')) STORED;
ALTER INDEX article_views_search SET (fastupdate = off);
)sql",
      // 11: the tickets that stand resolved with an article as their known fix, as on SQLite
      // (migration 17 there).
      R"sql(
CREATE TABLE ticket_known_fixes (
  ticket_id  BIGINT PRIMARY KEY,
  article_id BIGINT NOT NULL
);
CREATE INDEX ticket_known_fixes_article ON ticket_known_fixes (article_id);
INSERT INTO ticket_known_fixes (ticket_id, article_id)
  SELECT id, substr(state::jsonb #>> '{resolution,known_fix}', 4)::BIGINT
  FROM tickets WHERE state::jsonb #>> '{resolution,known_fix}' ~ '^KB-[0-9]{1,18}$';
)sql",
      // 12: what staff search tickets by (service::TicketTextOf), as on SQLite (migration 18
      // there): the text as a version of the ticket had it, its words under GIN without a
      // pending list (searched as often as written). Tickets stored before are indexed at start.
      R"sql(
CREATE TABLE ticket_texts (
  ticket_id BIGINT PRIMARY KEY,
  version   BIGINT NOT NULL,
  title     TEXT NOT NULL,
  text      TEXT NOT NULL,
  search    tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', title), 'A') ||
    setweight(to_tsvector('english', text), 'B')) STORED
);
CREATE INDEX ticket_texts_search ON ticket_texts USING GIN (search) WITH (fastupdate = off);
)sql",
  };
  return migrations;
}

}  // namespace tierdesk::store
