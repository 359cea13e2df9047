-- pgbench script for `npm run bench:commands`: the SQL one CreateOrganization command commits, as
-- UnitOfWork sends it: one message holding BEGIN, the organization's row (a deferred write), the
-- journal append (the /*@journal_append*/ block: runPgbench writes in the platform's own statement,
-- JOURNAL_APPEND_SQL — the event with its position from a sequence and the hashes Node computed
-- (random hex here), its outbox row — with the expressions given for its parameters; or the old
-- design's append for the reference ceiling) and COMMIT. The platform makes the id in Node; here it
-- is md5 of the client and a random number, the same expression in both statements.
-- Run with -M simple (a compound statement needs the simple protocol) and -D actor_id=<uuid>.
\set r random(1, 1000000000000)
BEGIN \;
INSERT INTO organizations (id, name, short_name, kind, parent_id, timezone, updated_at, version)
  VALUES (md5(:client_id || '-' || :r)::uuid, 'pgbench ' || :client_id || '-' || :r, NULL, 'department', NULL, 'Asia/Almaty', now(), 1) \;
/*@journal_append
$1 = ARRAY[md5(:client_id || '-' || :r)::uuid]
$2 = ARRAY['organization']
$3 = ARRAY[1]
$4 = ARRAY['OrganizationCreated']
$5 = ARRAY[jsonb_build_object('organizationId', md5(:client_id || '-' || :r)::uuid::text, 'name', 'pgbench ' || :client_id || '-' || :r, 'shortName', NULL,
                              'kind', 'department', 'parentId', NULL, 'timezone', 'Asia/Almaty')]
$6 = ARRAY[':actor_id']
$7 = ARRAY[now()]
@*/ \;
COMMIT;
