-- pgbench script for `npm run bench:memoranda`: the SQL one ApproveVersion command commits, in the
-- order and in the messages MemorandumCommands and UnitOfWork send it (statements joined by \; go
-- as one message): BEGIN with the locked load of the memorandum row and the load of its versions;
-- then the writes, deferred to travel with the commit — the row's update (revision + 1, checked by
-- kelisim_expect_saved), the changed version row's upsert, the release of the approving signatory's
-- pending stage reminders — the journal append (the /*@journal_append*/ block: runPgbench writes in
-- the platform's own JOURNAL_APPEND_SQL with these parameters) and COMMIT.
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
/*@journal_append
$1 = ARRAY[':mid']
$2 = ARRAY['memorandum']
$3 = ARRAY[:revision]
$4 = ARRAY['VersionApproved']
$5 = ARRAY[jsonb_build_object('memorandumId', ':mid'::text, 'number', 1, 'organizationId', ':party'::text,
                              'onBehalf', false, 'comment', NULL, 'approvals', 1, 'status', 'approval')]
$6 = ARRAY[':actor_id']
$7 = ARRAY[now()]
@*/ \;
COMMIT;
