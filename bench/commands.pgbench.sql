-- pgbench script for `npm run bench:commands`: the SQL one CreateOrganization command commits, as
-- UnitOfWork sends it: one message holding BEGIN, the organization's row (a deferred write), the
-- journal append (the /*@journal_append*/ block: runPgbench writes in the platform's own statement,
-- JOURNAL_APPEND_SQL — the event with its position from a sequence and the hashes Node computed
-- (random hex here), its outbox row — with the expressions given for its parameters) and COMMIT. The platform
-- makes the id in Node and writes the row and the append as two statements of that message; here
-- the row is a data-modifying CTE of the append (pgbench cannot make a uuid), one statement fewer.
-- Run with -M simple (a compound statement needs the simple protocol) and -D actor_id=<uuid>.
BEGIN \;
/*@journal_append
$0 = org AS (
    INSERT INTO organizations (id, name, short_name, kind, parent_id, timezone, updated_at, version)
      VALUES (gen_random_uuid(), 'pgbench ' || :client_id || '-' || txid_current(), NULL, 'department', NULL, 'Asia/Almaty', now(), 1)
      RETURNING id, name)
$1 = ARRAY[(SELECT id FROM org)]
$2 = ARRAY['organization']
$3 = ARRAY[1]
$4 = ARRAY['OrganizationCreated']
$5 = ARRAY[jsonb_build_object('organizationId', (SELECT id FROM org)::text, 'name', (SELECT name FROM org), 'shortName', NULL,
                              'kind', 'department', 'parentId', NULL, 'timezone', 'Asia/Almaty')]
$6 = ARRAY[':actor_id']
$7 = ARRAY[now()]
@*/ \;
COMMIT;
