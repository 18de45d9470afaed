#!/usr/bin/env bash
# Starts a throwaway PostgreSQL on 127.0.0.1:5432 for the storage contract tests (Debian 12, run as root).
#
#   sudo .ci/postgres.sh                 # prints the export line
#   source .ci/postgres.sh               # also exports OPPASSISTANT_TEST_POSTGRES into this shell
#
# Idempotent: installs the server only when missing, creates a cluster only when there is none, and leaves a
# running server running. The password is a test value (override with OPPASSISTANT_TEST_POSTGRES_PASSWORD);
# the server listens on loopback only, so it is never reachable from outside the machine.

oppassistant_postgres_setup() (
    set -euo pipefail
    local port=5432
    local password="${OPPASSISTANT_TEST_POSTGRES_PASSWORD:-postgres}"
    local quiet=(-q -o Dpkg::Use-Pty=0)

    if [[ $(id -u) -ne 0 ]]; then
        echo "postgres.sh: run as root (it installs and starts the server)" >&2
        return 1
    fi

    # Install only when no server binary exists; refresh the package lists only when apt cannot find the package.
    if ! compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null; then
        export DEBIAN_FRONTEND=noninteractive
        if ! apt-cache show postgresql >/dev/null 2>&1; then
            apt-get "${quiet[@]}" update >&2
        fi
        apt-get "${quiet[@]}" install -y --no-install-recommends postgresql >&2
    fi

    # The newest installed major version; Debian 12 ships 15.
    local version
    version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)

    # Containers often lack the socket directory that the packaged service would create at boot.
    install -d -o postgres -g postgres -m 2775 /var/run/postgresql

    if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" { found = 1 } END { exit !found }'; then
        # --start-conf=manual: CI starts it explicitly below; no init system needed.
        pg_createcluster --start-conf=manual --port="$port" "$version" main -- --auth-local=peer --auth-host=scram-sha-256 >&2
    fi

    # Loopback only, on the agreed port, in a drop-in file (conf.d is included last, so it wins). A restart is
    # needed only when the file actually changed.
    local conf="/etc/postgresql/$version/main/conf.d/oppassistant-ci.conf"
    local wanted
    wanted=$(printf "# Written by .ci/postgres.sh\nlisten_addresses = '127.0.0.1'\nport = %s\n" "$port")
    local changed=0
    if [[ ! -f "$conf" || "$(cat "$conf")" != "$wanted" ]]; then
        install -d -o postgres -g postgres "$(dirname "$conf")"
        printf '%s\n' "$wanted" >"$conf"
        changed=1
    fi

    local status
    status=$(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" { print $4 }')
    if [[ "$status" == online* ]]; then
        if [[ $changed -eq 1 ]]; then
            pg_ctlcluster "$version" main restart >&2
        fi
    else
        # pg_ctlcluster runs the server as the cluster owner (postgres); the server refuses to run as root.
        pg_ctlcluster "$version" main start >&2
    fi

    local i
    for i in $(seq 1 60); do
        if pg_isready -q -h 127.0.0.1 -p "$port"; then
            break
        fi
        if [[ $i -eq 60 ]]; then
            echo "postgres.sh: PostgreSQL did not become ready on 127.0.0.1:$port; see /var/log/postgresql/postgresql-$version-main.log" >&2
            return 1
        fi
        sleep 1
    done

    # Through the local socket with peer authentication, so no password is needed to set the password.
    # The value goes in as a psql variable (:'pw' quotes it; -c would not interpolate it), never spliced into SQL.
    (cd / && runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -v pw="$password" -p "$port" -d postgres <<'SQL'
ALTER USER postgres PASSWORD :'pw';
SQL
    ) >&2

    echo "export OPPASSISTANT_TEST_POSTGRES='Host=127.0.0.1;Port=$port;Username=postgres;Password=$password;Database=postgres'"
)

if [[ "${BASH_SOURCE[0]}" != "$0" ]]; then
    # Sourced: export into the caller's shell (and into later GitHub Actions steps when there is one).
    if _oppassistant_line=$(oppassistant_postgres_setup); then
        eval "$_oppassistant_line"
        if [[ -n "${GITHUB_ENV:-}" ]]; then
            echo "OPPASSISTANT_TEST_POSTGRES=$OPPASSISTANT_TEST_POSTGRES" >>"$GITHUB_ENV"
        fi
        echo "$_oppassistant_line"
        unset _oppassistant_line
    else
        unset _oppassistant_line
        return 1
    fi
else
    oppassistant_postgres_setup
fi
