-- pgbench script for `npm run bench:memoranda`: the SQL one ApproveVersion command commits, in the
-- order and in the messages MemorandumCommands and UnitOfWork send it (statements joined by \; go
-- as one message): BEGIN with the locked load of the memorandum row and the load of its versions;
-- then the writes, deferred to travel with the commit — the row's update (revision + 1, checked by
-- kelisim_expect_saved), the changed version row's upsert, the release of the approving signatory's
-- pending stage reminders — the journal append (the very statement of
-- libs/shared/persistence/src/journal/journal.ts, hashing with the same journal_hash function) and
-- COMMIT.
-- Run with -M simple (a compound statement needs the simple protocol; node-postgres sends the other
-- statements with the extended one, which costs the server a little more) and -D memoranda=<count>
-- -D party_count=<n>. bench_memoranda (n, id) numbers memoranda the benchmark brought to approval, with
-- every party's stage reminders pending; bench_parties (p, signatory_id, organization_id) numbers
-- the parties. Picking a memorandum and a party is outside the transaction, like the HTTP path's
-- auth lookup. Differences from the HTTP path, in pgbench's favour: the version row is rewritten
-- from itself instead of from jsonb sent by the client (the same size); a party picked twice finds
-- its reminders already released; the parties of one memorandum do not queue on its row lock.
\set k random(1, :memoranda)
\set p random(1, :party_count)
SELECT m.id AS mid, p.signatory_id AS actor_id, p.organization_id AS party
  FROM bench_memoranda m, bench_parties p WHERE m.n = :k AND p.p = :p \gset
BEGIN \;
SELECT *, version + 1 AS revision FROM memoranda WHERE id = ':mid'::uuid FOR UPDATE \;
SELECT memorandum_id, number, status, drafter_organization_id, clauses, text_hash, round, remarks, approvals,
       signatures, history, stage_due_at, entered_into_force_at, based_on, reason
  FROM memorandum_versions WHERE memorandum_id = ':mid'::uuid \aset
WITH saved AS (
UPDATE memoranda SET title = title, purpose = purpose, status = status, reviewer_organization_id = reviewer_organization_id,
       drafter_organization_id = drafter_organization_id, created_by = created_by, parties = parties,
       party_organization_ids = party_organization_ids, deadlines = deadlines, version_in_force = version_in_force,
       open_version = open_version, open_status = open_status, terminated_at = terminated_at,
       termination_reason = termination_reason, created_at = created_at, updated_at = now(), version = version + 1
 WHERE id = ':mid'::uuid AND version = :revision - 1
 RETURNING 1)
SELECT kelisim_expect_saved((SELECT count(*) FROM saved), 'memorandum', ':mid') \;
INSERT INTO memorandum_versions (memorandum_id, number, status, drafter_organization_id, clauses, text_hash, round, remarks,
       approvals, signatures, history, stage_due_at, entered_into_force_at, based_on, reason)
SELECT memorandum_id, number, status, drafter_organization_id, clauses, text_hash, round, remarks, approvals, signatures,
       history, stage_due_at, entered_into_force_at, based_on, reason
  FROM memorandum_versions WHERE memorandum_id = ':mid'::uuid AND number = 1
ON CONFLICT (memorandum_id, number) DO UPDATE SET
  status = EXCLUDED.status, clauses = EXCLUDED.clauses, text_hash = EXCLUDED.text_hash, round = EXCLUDED.round,
  remarks = EXCLUDED.remarks, approvals = EXCLUDED.approvals, signatures = EXCLUDED.signatures,
  history = EXCLUDED.history, stage_due_at = EXCLUDED.stage_due_at, entered_into_force_at = EXCLUDED.entered_into_force_at \;
UPDATE reminders r SET state = 'cancelled' FROM deadlines d
 WHERE d.subject_type = 'memorandum_stage' AND d.subject_id = ':mid'::uuid AND r.deadline_id = d.id AND r.state = 'pending'
   AND r.recipient_id = ANY(ARRAY[':actor_id']::uuid[])
RETURNING r.id \;
WITH RECURSIVE
  head AS (SELECT position, hash::text AS hash FROM journal_head WHERE id = 1 FOR UPDATE),
  input AS (
    SELECT * FROM unnest(ARRAY[':mid'::uuid], ARRAY['memorandum'], ARRAY[:revision::int], ARRAY['VersionApproved'],
                         ARRAY[jsonb_build_object('memorandumId', ':mid'::text, 'number', 1, 'organizationId', ':party'::text,
                                                  'onBehalf', false, 'comment', NULL, 'approvals', 1, 'status', 'approval')],
                         ARRAY[':actor_id'::uuid], ARRAY[now()])
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
