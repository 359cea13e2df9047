-- pgbench script for `npm run bench:memoranda`, the second of two (see memoranda.pgbench.sql): a
-- command that moves a version to its next stage — the prosecutor's clearance (→ approval) or the
-- last approval (→ signing) — two of the cycle's 23 commands, run at that weight. In the order and
-- the messages the platform sends them: BEGIN with the locked load of the memorandum and its
-- versions; the memorandum's writes (deferred) with the controllers' lookup; the stage deadline's
-- row locked; then, with COMMIT, the deadline's next revision, its pending reminders cancelled, a
-- reminder plan for the ten parties (3 and 1 working days before, at the deadline, the first daily
-- notice; the controller, here the drafter, is one of them), ten `memorandum.action_required` notifications and the journal append.
-- Differences from the platform: reminder and notification rows are made by SELECTs over
-- bench_parties instead of arrays sent by the client (less to parse); fire times are fixed offsets.
-- Run with -M simple, -D memoranda=<count> -D party_count=<n>, on the memoranda prepared for
-- memoranda.pgbench.sql (in approval, a stage deadline each).
/*@include memoranda-load-save.pgbench.part.sql*/
SELECT id, full_name AS "fullName", email, organization_id AS "organizationId", position, head_id AS "headId", roles, locale,
       timezone, active, email_digest AS "emailDigest", version AS revision
  FROM users WHERE 'controller' = ANY(roles) AND active = true ORDER BY full_name, id LIMIT 201;
SELECT id AS deadline_id, revision + 1 AS next_revision, version AS deadline_version
  FROM deadlines WHERE subject_type = 'memorandum_stage' AND subject_id = ':mid' FOR UPDATE \gset
WITH saved AS (
  UPDATE deadlines SET subject_type = subject_type, subject_id = subject_id, title = title, due_at = now() + interval '7 days',
         revision = :next_revision, state = 'open', policy = policy, audience = audience, participant_ids = participant_ids,
         passed_revision = NULL, updated_at = now(), version = version + 1
   WHERE id = ':deadline_id' AND version = :deadline_version
  RETURNING 1)
SELECT kelisim_expect_saved((SELECT count(*) FROM saved), 'deadline', ':deadline_id') \;
UPDATE reminders SET state = 'cancelled' WHERE deadline_id = ':deadline_id' AND state = 'pending' AND (deadline_revision < :next_revision OR false)
RETURNING id, enqueued \;
INSERT INTO reminders (id, deadline_id, subject_id, deadline_revision, offset_key, recipient_id, overdue, fire_at)
SELECT gen_random_uuid(), ':deadline_id'::uuid, ':mid'::uuid, :next_revision, o.offset_key, r.recipient_id, o.overdue, now() + o.lead
  FROM (SELECT signatory_id AS recipient_id FROM bench_parties) r,
       (VALUES ('beforeWorkingDays:3', false, interval '4 days'), ('beforeWorkingDays:1', false, interval '6 days'),
               ('after:PT0S', true, interval '7 days'), ('daily:1', true, interval '8 days')) AS o(offset_key, overdue, lead)
ON CONFLICT ON CONSTRAINT reminders_once DO NOTHING \;
WITH claimed AS (SELECT 'memorandum:' || ':mid' || ':' || p.signatory_id || ':' || gen_random_uuid() AS key, p.signatory_id FROM bench_parties p),
     input AS (
       SELECT c.key, gen_random_uuid() AS id, c.signatory_id AS user_id, 'memorandum.action_required' AS type, 'memorandum' AS subject_type,
              ':mid'::uuid AS subject_id,
              'Меморандум сіздің шешіміңізді күтеді: Этносаралық келісім туралы меморандум' AS title,
              'Этносаралық келісім туралы меморандум, 1-нұсқа, келісу кезеңінде. Мерзімі: 2026 ж. 2 желтоқсан, 18:00. Kelisim жүйесінде ашыңыз.' AS body,
              now() + interval '7 days' AS due_at, c.key AS dedupe_key
         FROM claimed c),
     note AS (
       INSERT INTO notifications (id, user_id, type, subject_type, subject_id, title, body, due_at, dedupe_key, created_at)
       SELECT i.id, i.user_id, i.type, i.subject_type, i.subject_id, i.title, i.body, i.due_at, i.dedupe_key, now() FROM input i
       ON CONFLICT (dedupe_key) DO NOTHING RETURNING id),
     sent AS (
       INSERT INTO deliveries (id, notification_id, channel, target)
       SELECT gen_random_uuid(), note.id, 'webhook', 'https://example.invalid/hook' FROM note WHERE false
       RETURNING id)
SELECT coalesce((SELECT array_agg(key) FROM claimed), '{}') AS claimed, (SELECT count(*)::int FROM sent) AS sent \;
/*@journal_append
$1 = ARRAY[':mid']
$2 = ARRAY['memorandum']
$3 = ARRAY[:revision]
$4 = ARRAY['VersionCleared']
$5 = ARRAY[jsonb_build_object('memorandumId', ':mid'::text, 'number', 1, 'organizationId', ':party'::text,
                              'onBehalf', false, 'comment', NULL, 'approvals', 1, 'status', 'approval')]
$6 = ARRAY[':actor_id']
$7 = ARRAY[now()]
@*/ \;
COMMIT;
