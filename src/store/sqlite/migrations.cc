#include "store/sqlite/migrations.h"

namespace tierdesk::store {

const std::vector<const char*>& SqliteMigrations() {
  static const std::vector<const char*> migrations = {
      // 1: tickets, their event log, deadlines, outbox, idempotency keys, settings.
      R"sql(
CREATE TABLE tickets (
  id          INTEGER PRIMARY KEY,
  version     INTEGER NOT NULL,
  tier        TEXT NOT NULL,
  stage       TEXT NOT NULL,
  priority    INTEGER NOT NULL,
  received_at INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  client_id   TEXT NOT NULL,
  assignee    TEXT NOT NULL,
  title       TEXT NOT NULL,
  state       TEXT NOT NULL
);
CREATE INDEX tickets_queue ON tickets (tier, stage, priority, received_at, id);
CREATE INDEX tickets_open ON tickets (stage, priority, received_at, id);

CREATE TABLE ticket_assets (
  ticket_id   INTEGER NOT NULL REFERENCES tickets (id),
  asset       TEXT NOT NULL,
  client_id   TEXT NOT NULL,
  received_at INTEGER NOT NULL,
  PRIMARY KEY (asset, received_at, ticket_id)
) WITHOUT ROWID;

CREATE TABLE events (
  id        INTEGER PRIMARY KEY AUTOINCREMENT,
  ticket_id INTEGER NOT NULL REFERENCES tickets (id),
  at        INTEGER NOT NULL,
  type      TEXT NOT NULL,
  actor     TEXT NOT NULL,
  recipient TEXT NOT NULL,
  fields    TEXT NOT NULL
);
CREATE INDEX events_by_ticket ON events (ticket_id, id);

CREATE TABLE deadlines (
  ticket_id INTEGER NOT NULL REFERENCES tickets (id),
  clock     TEXT NOT NULL,
  due       INTEGER NOT NULL,
  PRIMARY KEY (ticket_id, clock)
) WITHOUT ROWID;

CREATE TABLE outbox (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  ticket_id       INTEGER NOT NULL REFERENCES tickets (id),
  kind            TEXT NOT NULL,
  recipient       TEXT NOT NULL,
  template        TEXT NOT NULL,
  subject         TEXT NOT NULL,
  body            TEXT NOT NULL,
  created_at      INTEGER NOT NULL,
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  delivered_at    INTEGER,
  last_error      TEXT
);
CREATE INDEX outbox_pending ON outbox (next_attempt_at) WHERE delivered_at IS NULL;

CREATE TABLE idempotency_keys (
  key        TEXT PRIMARY KEY,
  ticket_id  INTEGER NOT NULL,
  version    INTEGER NOT NULL,
  command    TEXT NOT NULL,
  created_at INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
)sql",
      // 2: API tokens (only a digest of each secret is stored).
      R"sql(
CREATE TABLE api_tokens (
  id         TEXT PRIMARY KEY,
  hash       TEXT NOT NULL UNIQUE,
  actor      TEXT NOT NULL,
  label      TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  revoked_at INTEGER
) WITHOUT ROWID;
)sql",
      // 3: queue indexes that serve "ORDER BY priority, received_at, id" without sorting, for a
      // tier's open tickets, all open tickets, a client's and an assignee's.
      R"sql(
ALTER TABLE tickets ADD COLUMN is_open INTEGER NOT NULL DEFAULT 1;
UPDATE tickets SET is_open = (stage <> 'closed');
DROP INDEX tickets_open;
CREATE INDEX tickets_tier_queue ON tickets (tier, is_open, priority, received_at, id);
CREATE INDEX tickets_open_queue ON tickets (is_open, priority, received_at, id);
CREATE INDEX tickets_client_queue ON tickets (client_id, priority, received_at, id);
CREATE INDEX tickets_assignee_queue ON tickets (assignee, priority, received_at, id);
)sql",
      // 4: dead letters: outbox rows given up on after their last attempt.
      R"sql(
ALTER TABLE outbox ADD COLUMN dead_at INTEGER;
DROP INDEX outbox_pending;
CREATE INDEX outbox_pending ON outbox (next_attempt_at) WHERE delivered_at IS NULL AND dead_at IS NULL;
CREATE INDEX outbox_dead ON outbox (dead_at) WHERE dead_at IS NOT NULL;
)sql",
      // 5: password logins (argon2id hashes) and browser sessions.
      R"sql(
CREATE TABLE accounts (
  login         TEXT PRIMARY KEY,
  password_hash TEXT NOT NULL,
  updated_at    INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE sessions (
  hash       TEXT PRIMARY KEY,
  actor      TEXT NOT NULL,
  csrf_token TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_expiry ON sessions (expires_at);
)sql",
      // 6: token scopes.
      R"sql(
ALTER TABLE api_tokens ADD COLUMN read_only INTEGER NOT NULL DEFAULT 0;
)sql",
      // 7: mail intake: the client directory (a NULL email for clients known by phone only),
      // received files by digest, and mail kept for an operator.
      R"sql(
CREATE TABLE clients (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  email TEXT UNIQUE,
  organisation TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE blobs (
  sha256 TEXT NOT NULL UNIQUE,
  data BLOB NOT NULL
);
CREATE TABLE refused_mail (
  id INTEGER PRIMARY KEY,
  received_at INTEGER NOT NULL,
  reason TEXT NOT NULL,
  message_id TEXT NOT NULL,
  sender TEXT NOT NULL,
  raw BLOB NOT NULL,
  intake_key TEXT NOT NULL
);
CREATE INDEX refused_mail_key ON refused_mail (intake_key) WHERE intake_key <> '';
)sql",
      // 8: who each ticket's page in flight asks to acknowledge (empty when none), taken from
      // the stored state for tickets already there, for the queue of pages waiting for a person.
      // Few tickets are paged at once, so the index holds only those.
      R"sql(
ALTER TABLE tickets ADD COLUMN paged_to TEXT NOT NULL DEFAULT '';
UPDATE tickets SET paged_to = COALESCE(json_extract(state, '$.page.person'), '');
CREATE INDEX tickets_paged_queue ON tickets (paged_to, priority, received_at, id)
  WHERE paged_to <> '';
)sql",
      // 9: files sent with internal notes are marked `internal`, so clients are never shown or
      // given them. Tickets stored before the mark carry none: a file is marked when an internal
      // note on its ticket named it (by name, as the note's event lists them). A public file
      // with the same name as an internal one is hidden too: too much hidden, never too little.
      R"sql(
UPDATE tickets SET state = json_set(state, '$.attachments', (
  SELECT json_group_array(CASE
    WHEN EXISTS (SELECT 1 FROM events e WHERE e.ticket_id = tickets.id AND e.type = 'note'
                   AND json_extract(e.fields, '$.visibility') = 'internal'
                   AND instr(', ' || json_extract(e.fields, '$.attachments') || ', ',
                             ', ' || json_extract(a.value, '$.name') || ', ') > 0)
    THEN json_set(a.value, '$.internal', json('true'))
    ELSE json(a.value) END)
  FROM (SELECT value FROM json_each(tickets.state, '$.attachments') ORDER BY key) a))
WHERE json_array_length(state, '$.attachments') > 0;
)sql",
      // 10: the first queue index (tier, stage, ...) has served no query since migration 3's
      // (tier, is_open, ...) replaced it; every create and every stage change still paid for it.
      R"sql(
DROP INDEX tickets_queue;
)sql",
      // 11: what the request under each idempotency key asked, so the key sent with another
      // request is refused (keys stored before it match only a request without a digest).
      R"sql(
ALTER TABLE idempotency_keys ADD COLUMN fingerprint TEXT NOT NULL DEFAULT '';
)sql",
      // 12: wrong passwords counted in the database, so every node throttles the same guesses;
      // a login's sessions found to end them (a password changed).
      R"sql(
CREATE INDEX sessions_actor ON sessions (actor);
CREATE TABLE login_failures (
  key      TEXT PRIMARY KEY,
  failures INTEGER NOT NULL,
  last_at  INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX login_failures_last ON login_failures (last_at);
)sql",
      // 13: who uploaded which file when, and which files tickets name: an upload no ticket
      // names is removed after a while. Files stored before are named by their tickets' state;
      // those no ticket names become an old upload of nobody's, removed at the next sweep.
      R"sql(
CREATE TABLE uploads (
  uploader    TEXT NOT NULL,
  sha256      TEXT NOT NULL,
  size        INTEGER NOT NULL,
  uploaded_at INTEGER NOT NULL,
  PRIMARY KEY (uploader, sha256)
) WITHOUT ROWID;
CREATE INDEX uploads_at ON uploads (uploaded_at);
CREATE INDEX uploads_file ON uploads (sha256);
CREATE TABLE ticket_files (
  sha256    TEXT NOT NULL,
  ticket_id INTEGER NOT NULL,
  PRIMARY KEY (sha256, ticket_id)
) WITHOUT ROWID;
INSERT OR IGNORE INTO ticket_files (sha256, ticket_id)
  SELECT json_extract(a.value, '$.sha256'), t.id
  FROM tickets t, json_each(t.state, '$.attachments') a
  WHERE COALESCE(json_extract(a.value, '$.sha256'), '') <> '';
INSERT INTO uploads (uploader, sha256, size, uploaded_at)
  SELECT '', sha256, length(data), 0 FROM blobs
  WHERE sha256 NOT IN (SELECT sha256 FROM ticket_files);
)sql",
      // 14: clients' phone numbers, as given and as digits (how an agent's search finds one).
      R"sql(
ALTER TABLE clients ADD COLUMN phone TEXT NOT NULL DEFAULT '';
ALTER TABLE clients ADD COLUMN phone_digits TEXT NOT NULL DEFAULT '';
)sql",
      // 15: the teams each open ticket waits on for a consult's answer (",dba,"; empty when
      // none), for each team's queue. No ticket stored before had consults. Few tickets wait
      // on one, so the index holds only those, in queue order.
      R"sql(
ALTER TABLE tickets ADD COLUMN consulting TEXT NOT NULL DEFAULT '';
CREATE INDEX tickets_consulting_queue ON tickets (priority, received_at, id)
  WHERE consulting <> '';
)sql",
      // 16: the knowledge base. An article's whole state, what it is about and which stored
      // files it names; its views (one per audience, service::ArticleDocument) with their text
      // and the keys of who reads each. The views' text is indexed by FTS5, with their keys and
      // subjects as words (service::SearchTag) so that a search filters inside the index, and
      // the words' first four, five and six letters indexed too (what is being typed is looked up
      // as a prefix: one list to read, not every word that begins so). External content: the
      // index holds no second copy; triggers keep it in step, so rows copied in by `store copy`
      // are indexed too. Ids are never given twice (AUTOINCREMENT).
      R"sql(
CREATE TABLE articles (
  id       INTEGER PRIMARY KEY AUTOINCREMENT,
  revision INTEGER NOT NULL,
  status   TEXT NOT NULL,
  state    TEXT NOT NULL
);
CREATE TABLE article_subjects (
  subject    TEXT NOT NULL,
  article_id INTEGER NOT NULL,
  PRIMARY KEY (subject, article_id)
) WITHOUT ROWID;
CREATE TABLE article_files (
  sha256     TEXT NOT NULL,
  article_id INTEGER NOT NULL,
  PRIMARY KEY (sha256, article_id)
) WITHOUT ROWID;
CREATE TABLE article_views (
  id         INTEGER PRIMARY KEY,
  article_id INTEGER NOT NULL,
  version    INTEGER NOT NULL,
  title      TEXT NOT NULL,
  text       TEXT NOT NULL,
  at         INTEGER NOT NULL,
  tags       TEXT NOT NULL
);
CREATE INDEX article_views_article ON article_views (article_id);
CREATE TABLE article_view_keys (
  key        TEXT NOT NULL,
  article_id INTEGER NOT NULL,
  view_id    INTEGER NOT NULL,
  PRIMARY KEY (key, article_id, view_id)
) WITHOUT ROWID;
CREATE VIRTUAL TABLE article_search USING fts5(
  title, text, tags, content = 'article_views', content_rowid = 'id',
  tokenize = 'porter unicode61 remove_diacritics 2', prefix = '4 5 6');
CREATE TRIGGER article_views_indexed AFTER INSERT ON article_views BEGIN
  INSERT INTO article_search (rowid, title, text, tags)
    VALUES (new.id, new.title, new.text, new.tags);
END;
CREATE TRIGGER article_views_unindexed AFTER DELETE ON article_views BEGIN
  INSERT INTO article_search (article_search, rowid, title, text, tags)
    VALUES ('delete', old.id, old.title, old.text, old.tags);
END;
)sql",
      // 17: the tickets that stand resolved with an article as their known fix, counted per
      // article (service::KnownFixChangeOf), filled from the tickets already resolved so.
      R"sql(
CREATE TABLE ticket_known_fixes (
  ticket_id  INTEGER PRIMARY KEY,
  article_id INTEGER NOT NULL
);
CREATE INDEX ticket_known_fixes_article ON ticket_known_fixes (article_id);
INSERT INTO ticket_known_fixes (ticket_id, article_id)
  SELECT id, CAST(substr(json_extract(state, '$.resolution.known_fix'), 4) AS INTEGER)
  FROM tickets WHERE json_extract(state, '$.resolution.known_fix') GLOB 'KB-[0-9]*'
    AND NOT json_extract(state, '$.resolution.known_fix') GLOB 'KB-*[^0-9]*';
)sql",
      // 18: what staff search tickets by (service::TicketTextOf): the text as the ticket's
      // version it was read from had it, indexed by FTS5 like the articles' views (external
      // content kept in step by triggers). Tickets stored before are indexed at start
      // (service::RefreshTicketIndex).
      R"sql(
CREATE TABLE ticket_texts (
  ticket_id INTEGER PRIMARY KEY,
  version   INTEGER NOT NULL,
  title     TEXT NOT NULL,
  text      TEXT NOT NULL
);
CREATE VIRTUAL TABLE ticket_search USING fts5(
  title, text, content = 'ticket_texts', content_rowid = 'ticket_id',
  tokenize = 'porter unicode61 remove_diacritics 2', prefix = '4 5 6');
CREATE TRIGGER ticket_texts_indexed AFTER INSERT ON ticket_texts BEGIN
  INSERT INTO ticket_search (rowid, title, text) VALUES (new.ticket_id, new.title, new.text);
END;
CREATE TRIGGER ticket_texts_unindexed AFTER DELETE ON ticket_texts BEGIN
  INSERT INTO ticket_search (ticket_search, rowid, title, text)
    VALUES ('delete', old.ticket_id, old.title, old.text);
END;
CREATE TRIGGER ticket_texts_reindexed AFTER UPDATE OF title, text ON ticket_texts BEGIN
  INSERT INTO ticket_search (ticket_search, rowid, title, text)
    VALUES ('delete', old.ticket_id, old.title, old.text);
  INSERT INTO ticket_search (rowid, title, text) VALUES (new.ticket_id, new.title, new.text);
END;
)sql",
  };
  return migrations;
}

}  // namespace tierdesk::store
