package dev.slipway.testing;

import dev.slipway.engine.DockerTestSupport;
import java.util.Map;
import java.util.UUID;

/**
 * A locally built stand-in for the official {@code postgres:16-alpine} image, since no registry can be
 * reached here: Debian's PostgreSQL with an entrypoint that honours POSTGRES_USER, POSTGRES_PASSWORD
 * and POSTGRES_DB like the official one, and {@code pg_isready}, {@code psql} and {@code pg_dump} on
 * the PATH. It also has busybox (httpd for test apps). Each run has its own tag, never the real name.
 */
public final class PostgresStandIn {
    static final String ENTRYPOINT = """
            #!/bin/sh
            set -e
            BIN=/usr/lib/postgresql/15/bin
            export PGDATA=/var/lib/postgresql/data
            mkdir -p "$PGDATA" /var/run/postgresql
            chown postgres:postgres "$PGDATA" /var/run/postgresql
            as_postgres() { setpriv --reuid=postgres --regid=postgres --init-groups "$@"; }
            if [ ! -s "$PGDATA/PG_VERSION" ]; then
              printf '%s\\n' "$POSTGRES_PASSWORD" > /tmp/pwfile && chown postgres /tmp/pwfile
              as_postgres "$BIN/initdb" -U "$POSTGRES_USER" --pwfile=/tmp/pwfile -E UTF8 --locale=C.UTF-8 \\
                --auth-local=trust --auth-host=scram-sha-256 >/dev/null
              rm -f /tmp/pwfile
              echo "host all all all scram-sha-256" >> "$PGDATA/pg_hba.conf"
              # As the official image: the database is made by a server that listens on no TCP port.
              as_postgres "$BIN/pg_ctl" -w -o "-c listen_addresses=''" start >/dev/null
              if [ "$POSTGRES_DB" != postgres ]; then
                as_postgres psql -X -q -U "$POSTGRES_USER" -d postgres -c "CREATE DATABASE \\"$POSTGRES_DB\\""
              fi
              as_postgres "$BIN/pg_ctl" -w -m fast stop >/dev/null
            fi
            exec setpriv --reuid=postgres --regid=postgres --init-groups "$BIN/postgres" -c listen_addresses='*'
            """;

    static final String DOCKERFILE = """
            FROM debian:bookworm-slim
            RUN apt-get update && apt-get install -y --no-install-recommends postgresql busybox && rm -rf /var/lib/apt/lists/*
            COPY entrypoint.sh /usr/local/bin/postgres-standin
            RUN chmod +x /usr/local/bin/postgres-standin
            ENV PATH=/usr/lib/postgresql/15/bin:$PATH
            EXPOSE 5432
            ENTRYPOINT ["/usr/local/bin/postgres-standin"]
            """;

    private PostgresStandIn() {}

    /** Builds the image (the layer cache makes a second run quick) and returns its tag; the caller removes it. */
    public static String build() {
        String tag = "slipway-test/postgres-standin:" + UUID.randomUUID().toString().substring(0, 8);
        DockerTestSupport.buildImage(tag, Map.of("Dockerfile", DOCKERFILE, "entrypoint.sh", ENTRYPOINT));
        return tag;
    }
}
