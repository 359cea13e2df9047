-- Shared by memoranda.pgbench.sql and memoranda-stage.pgbench.sql (written in where they say
-- /*@include …*/): pick a prepared memorandum and a party; BEGIN with the locked load of the
-- memorandum and its versions; the memorandum row's update (checked by kelisim_expect_saved) and
-- the version row's upsert, which travel with what follows.
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
