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
-- from itself instead of from jsonb sent by the client (a version just cleared, with less history than
-- most approvals of the HTTP phase rewrite); a party picked twice finds
-- its reminders already released; the parties of one memorandum do not queue on its row lock.
/*@include memoranda-load-save.pgbench.part.sql*/
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
