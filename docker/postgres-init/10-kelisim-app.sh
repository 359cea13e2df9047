#!/bin/sh
# First boot of the PostgreSQL container: the platform's role, apart from the owner that runs the
# migrations. It may log in and nothing more; Kelisim grants it its rights at every start
# (ensurePlatformRole): INSERT and SELECT only on the journal and its tree.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v app_password="$KELISIM_APP_DB_PASSWORD" <<'SQL'
CREATE ROLE kelisim_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS PASSWORD :'app_password';
SQL
