-- pgbench script for `npm run bench:control`: the SQL one IssueTask command (one executor) commits,
-- in the order and in the messages UnitOfWork sends it (statements joined by \; go as one message):
-- 1. BEGIN with the participants' lookup;
-- 2. the task row (deferred, so it travels with the next statement) with the deadline engine's
--    lookup of its audience: the people to remind (the executor, the controller and the executor's
--    head, read through the executor) and their substitutions (И.о.);
-- 3. the deadline row and its five reminder rows (3 and 1 working days before and at the deadline
--    for the executor, at the deadline for the controller, the first daily overdue notice; one
--    statement here, two on the platform), the journal append (the /*@journal_append*/ block:
--    runPgbench writes in the platform's own JOURNAL_APPEND_SQL with these parameters) and COMMIT.
-- Run with -M simple (compound statements need it) and -D controller_id=<uuid> -D executors=<n>;
-- bench_executors (n, id, organization_id) is the benchmark's own table. Picking the executor is
-- outside the transaction, like the HTTP path's auth lookup; the reminders' fire times are fixed
-- offsets here (the platform computes them on the working-day calendar in Node).
\set n random(1, :executors)
SELECT id AS executor_id, organization_id AS executor_org FROM bench_executors WHERE n = :n \gset
BEGIN \;
SELECT u.id, u.roles, u.organization_id, COALESCE(u.timezone, o.timezone) AS timezone
  FROM users u JOIN organizations o ON o.id = u.organization_id
 WHERE u.id = ANY(ARRAY[':controller_id', ':executor_id']::uuid[]) AND u.active;
INSERT INTO tasks (id, title, description, source_type, source_id, author_id, controller_id, executor_id, executor_organization_id,
                   co_executor_ids, due_at, original_due_at, priority, group_id, recurrence_id, status, extension_count, accepted_at,
                   done_on_time, created_at, updated_at, version)
  VALUES (gen_random_uuid(), 'pgbench task ' || :client_id::text, NULL, NULL, NULL, ':controller_id', ':controller_id', ':executor_id', ':executor_org',
          '{}', now() + interval '14 days', now() + interval '14 days', 'normal', NULL, NULL, 'assigned', 0, NULL, NULL, now(), now(), 1)
  RETURNING id AS task_id \;
SELECT u.id, u.full_name AS "fullName", u.email, u.locale, coalesce(u.timezone, o.timezone) AS "timeZone",
       u.organization_id AS "organizationId", u.head_id AS "headId", u.active, u.email_digest AS "emailDigest"
  FROM users u JOIN organizations o ON o.id = u.organization_id
 WHERE u.id = ANY(ARRAY[':executor_id', ':controller_id']::uuid[] || ARRAY(SELECT head_id FROM users WHERE id = ANY(ARRAY[':executor_id']::uuid[]) AND head_id IS NOT NULL)) \;
SELECT s.principal_id, s.deputy_id, s.starts_at, s.ends_at FROM substitutions s JOIN users d ON d.id = s.deputy_id AND d.active
 WHERE s.principal_id = ANY(ARRAY[':executor_id', ':controller_id']::uuid[] || ARRAY(SELECT head_id FROM users WHERE id = ANY(ARRAY[':executor_id']::uuid[]) AND head_id IS NOT NULL))
   AND s.ends_at > now() AND s.ends_at > s.starts_at \aset
WITH deadline AS (
  INSERT INTO deadlines (id, subject_type, subject_id, title, due_at, revision, state, policy, audience, participant_ids,
                         passed_revision, updated_at, version)
    VALUES (gen_random_uuid(), 'task', ':task_id', 'pgbench task ' || :client_id::text, now() + interval '14 days', 1, 'open', NULL,
            jsonb_build_object('executor', jsonb_build_array(':executor_id'), 'co_executors', '[]'::jsonb,
                               'controller', jsonb_build_array(':controller_id'), 'executor_head', '[]'::jsonb),
            ARRAY[':executor_id', ':controller_id']::uuid[], NULL, now(), 1)
    RETURNING id)
INSERT INTO reminders (id, deadline_id, subject_id, deadline_revision, offset_key, recipient_id, overdue, fire_at)
  SELECT gen_random_uuid(), deadline.id, ':task_id'::uuid, 1, r.offset_key, r.recipient_id, r.overdue, r.fire_at
    FROM deadline, unnest(ARRAY['beforeWorkingDays:3', 'beforeWorkingDays:1', 'after:PT0S', 'after:PT0S', 'daily:1'],
                          ARRAY[':executor_id', ':executor_id', ':executor_id', ':controller_id', ':executor_id']::uuid[],
                          ARRAY[false, false, true, true, true],
                          ARRAY[now() + interval '11 days', now() + interval '13 days', now() + interval '14 days',
                                now() + interval '14 days', now() + interval '15 days']) AS r(offset_key, recipient_id, overdue, fire_at)
  ON CONFLICT ON CONSTRAINT reminders_once DO NOTHING \;
/*@journal_append
$1 = ARRAY[':task_id']
$2 = ARRAY['task']
$3 = ARRAY[1]
$4 = ARRAY['TaskAssigned']
$5 = ARRAY[jsonb_build_object('taskId', ':task_id'::uuid, 'groupId', NULL, 'title', 'pgbench task ' || :client_id::text,
                              'authorId', ':controller_id'::uuid, 'controllerId', ':controller_id'::uuid, 'executorId', ':executor_id'::uuid,
                              'coExecutorIds', '[]'::jsonb, 'dueAt', now() + interval '14 days', 'priority', 'normal', 'source', NULL)]
$6 = ARRAY[':controller_id']
$7 = ARRAY[now()]
@*/ \;
COMMIT;
