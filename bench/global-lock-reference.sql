-- pgbench: one command's append in the OLD design (the reference ceiling; load
-- global-lock-reference.init.sql first). The same shape as commands.pgbench.sql — BEGIN, the
-- organization's row, the append, COMMIT in one message — with the append that locked the one
-- head row every command of the installation shared until its commit. Run with -M simple.
BEGIN \;
WITH RECURSIVE
  org AS (
    INSERT INTO public.organizations (id, name, short_name, kind, parent_id, timezone, updated_at, version)
      VALUES (gen_random_uuid(), 'pgbench-ref ' || :client_id || '-' || txid_current(), NULL, 'department', NULL, 'Asia/Almaty', now(), 1)
      RETURNING id, name),
  head AS (SELECT position, hash::text AS hash FROM global_lock_reference.journal_head WHERE id = 1 FOR UPDATE),
  input AS (
    SELECT o.id AS stream_id, 'organization'::text AS stream_type, 1 AS version, 'OrganizationCreated'::text AS type,
           jsonb_build_object('organizationId', o.id::text, 'name', o.name, 'kind', 'department', 'timezone', 'Asia/Almaty') AS payload,
           NULL::uuid AS actor_id, now() AS occurred_at, 1::bigint AS ord
      FROM org o),
  chain AS (
    SELECT i.ord, h.position + 1 AS position, h.hash AS prev_hash,
           global_lock_reference.journal_hash(h.hash, h.position + 1, i.stream_id, i.stream_type, i.version, i.type, i.payload, i.actor_id, i.occurred_at) AS hash
      FROM head h JOIN input i ON i.ord = 1),
  inserted AS (
    INSERT INTO global_lock_reference.journal_events (position, stream_id, stream_type, version, type, payload, actor_id, occurred_at, hash, prev_hash)
    SELECT c.position, i.stream_id, i.stream_type, i.version, i.type, i.payload, i.actor_id, i.occurred_at, c.hash, c.prev_hash
      FROM chain c JOIN input i USING (ord)
    RETURNING position, stream_id),
  outboxed AS (INSERT INTO global_lock_reference.outbox (position, stream_id) SELECT position, stream_id FROM inserted RETURNING position),
  moved AS (
    UPDATE global_lock_reference.journal_head SET position = last.position, hash = last.hash
      FROM (SELECT position, hash FROM chain ORDER BY ord DESC LIMIT 1) last WHERE journal_head.id = 1)
SELECT pg_notify('kelisim_outbox_reference', (SELECT count(*) FROM outboxed)::text) \;
COMMIT;
