-- pgbench script for `npm run bench:commands`: the SQL one CreateOrganization command commits, as
-- UnitOfWork sends it: one message holding BEGIN, the organization's row (a deferred write), the
-- journal append (the same statement as libs/shared/persistence/src/journal/journal.ts: head lock,
-- chained hash by journal_hash, event, outbox row, head move, NOTIFY) and COMMIT. The platform
-- makes the id in Node and writes the row and the append as two statements of that message; here
-- the row is a data-modifying CTE of the append (pgbench cannot make a uuid), one statement fewer.
-- Run with -M simple (a compound statement needs the simple protocol) and -D actor_id=<uuid>.
BEGIN \;
WITH RECURSIVE
  org AS (
    INSERT INTO organizations (id, name, short_name, kind, parent_id, timezone, updated_at, version)
      VALUES (gen_random_uuid(), 'pgbench ' || :client_id || '-' || txid_current(), NULL, 'department', NULL, 'Asia/Almaty', now(), 1)
      RETURNING id, name),
  head AS (SELECT position, hash::text AS hash FROM journal_head WHERE id = 1 FOR UPDATE),
  input AS (
    SELECT * FROM unnest(ARRAY[(SELECT id FROM org)]::uuid[], ARRAY['organization']::text[], ARRAY[1]::int[], ARRAY['OrganizationCreated']::text[],
                         ARRAY[jsonb_build_object('organizationId', (SELECT id FROM org)::text, 'name', (SELECT name FROM org), 'shortName', NULL,
                                                  'kind', 'department', 'parentId', NULL, 'timezone', 'Asia/Almaty')]::jsonb[],
                         ARRAY[':actor_id']::uuid[], ARRAY[now()]::timestamptz[])
      WITH ORDINALITY AS i(stream_id, stream_type, version, type, payload, actor_id, occurred_at, ord)
  ),
  chain AS (
    SELECT i.ord, h.position + 1 AS position, h.hash AS prev_hash,
           journal_hash(h.hash, h.position + 1, i.stream_id, i.stream_type, i.version, i.type, i.payload, i.actor_id, i.occurred_at) AS hash
      FROM head h JOIN input i ON i.ord = 1
    UNION ALL
    SELECT i.ord, c.position + 1, c.hash,
           journal_hash(c.hash, c.position + 1, i.stream_id, i.stream_type, i.version, i.type, i.payload, i.actor_id, i.occurred_at)
      FROM chain c JOIN input i ON i.ord = c.ord + 1
  ),
  inserted AS (
    INSERT INTO journal_events (position, stream_id, stream_type, version, type, payload, actor_id, occurred_at, hash, prev_hash)
    SELECT c.position, i.stream_id, i.stream_type, i.version, i.type, i.payload, i.actor_id, i.occurred_at, c.hash, c.prev_hash
      FROM chain c JOIN input i USING (ord)
    RETURNING position, stream_id
  ),
  outboxed AS (INSERT INTO outbox (position, stream_id) SELECT position, stream_id FROM inserted RETURNING position),
  moved AS (
    UPDATE journal_head SET position = last.position, hash = last.hash
      FROM (SELECT position, hash FROM chain ORDER BY ord DESC LIMIT 1) last
     WHERE journal_head.id = 1
  )
SELECT pg_notify('kelisim_outbox', (SELECT count(*) FROM outboxed)::text) \;
COMMIT;
