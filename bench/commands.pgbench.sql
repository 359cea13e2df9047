-- pgbench script for `npm run bench:commands`: the SQL one CreateOrganization command commits,
-- in the order UnitOfWork runs it (the aggregate's row, then appendToJournal under the head lock).
-- Run with -M extended (what node-postgres uses) and -D actor_id=<uuid>.
-- The hash is SHA-256 over the previous hash and the event's fields, computed by PostgreSQL here
-- instead of by Node: the same cost shape, not the same value.
BEGIN;
INSERT INTO organizations (id, name, short_name, kind, parent_id, timezone, updated_at, version)
  VALUES (gen_random_uuid(), 'pgbench ' || :client_id || '-' || txid_current(), NULL, 'department', NULL, 'Asia/Almaty', now(), 1)
  RETURNING id AS org_id, name AS org_name \gset
SELECT position AS head_position, hash AS head_hash FROM journal_head WHERE id = 1 FOR UPDATE \gset
INSERT INTO journal_events (position, stream_id, stream_type, version, type, payload, actor_id, occurred_at, hash, prev_hash)
  SELECT p, :org_id::uuid, 'organization', 1, 'OrganizationCreated', e.payload, :actor_id::uuid, now(),
         encode(sha256(convert_to(concat_ws(',', :head_hash::text, p, :org_id::text, 'organization', 1, 'OrganizationCreated',
                                            e.payload::text, :actor_id::text, now()), 'UTF8')), 'hex'),
         :head_hash::text
    FROM (SELECT :head_position::bigint + 1 AS p,
                 jsonb_build_object('organizationId', :org_id::text, 'name', :org_name::text, 'shortName', NULL,
                                    'kind', 'department', 'parentId', NULL, 'timezone', 'Asia/Almaty') AS payload) e
  RETURNING position AS new_position, hash AS new_hash \gset
INSERT INTO outbox (position, stream_id) SELECT unnest(ARRAY[:new_position::bigint]), unnest(ARRAY[:org_id::uuid]);
UPDATE journal_head SET position = :new_position::bigint, hash = :new_hash::text WHERE id = 1;
SELECT pg_notify('kelisim_outbox', '');
COMMIT;
