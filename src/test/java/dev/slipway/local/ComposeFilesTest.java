package dev.slipway.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.project.ProjectConfigParser;
import dev.slipway.project.ProjectConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ComposeFilesTest {
    static final String SHOP = """
            services: [postgres, storage]
            web:
              port: 5000
              command: gunicorn shop.wsgi --bind 0.0.0.0:$PORT
            migrate:
              - python3 manage.py migrate
            processes:
              worker:
                command: celery -A shop worker
            """;

    @Test
    void aPostgresProjectGetsADbServiceWithHealthcheckVolumeAndDatabaseUrl() {
        ProjectConfig config = ProjectConfigParser.parseYaml(SHOP, "slipway.yaml");

        ComposeFile file = ComposeFiles.of(config, "shop", LocalOptions.DEFAULT);

        Map<String, String> env = new LinkedHashMap<>();
        env.put("PORT", "5000");
        env.put("SLIPWAY_PROJECT", "shop");
        env.put("SLIPWAY_ENVIRONMENT", "local");
        env.put("SLIPWAY_COMMIT", "${SLIPWAY_COMMIT:-}");
        env.put("DATABASE_URL", "postgres://app:app@db:5432/app");
        env.put("STORAGE_URL", "file:///data/media");
        ComposeService.Build build = new ComposeService.Build(".", "Dockerfile");
        List<String> media = List.of("./data/media:/data/media");
        Map<String, String> dbHealthy = Map.of("db", "service_healthy");
        Map<String, String> dbEnv = new LinkedHashMap<>();
        dbEnv.put("POSTGRES_USER", "app");
        dbEnv.put("POSTGRES_PASSWORD", "app");
        dbEnv.put("POSTGRES_DB", "app");
        Map<String, ComposeService> services = new LinkedHashMap<>();
        services.put("web", new ComposeService(build, "slipway-local/shop:latest",
                List.of("/bin/sh", "-c", "gunicorn shop.wsgi --bind 0.0.0.0:$$PORT"), true, List.of(".env"), env,
                List.of("127.0.0.1:${SLIPWAY_LOCAL_PORT:-8000}:5000"), media, dbHealthy, null));
        services.put("worker", new ComposeService(build, "slipway-local/shop:latest",
                List.of("/bin/sh", "-c", "celery -A shop worker"), true, List.of(".env"), env, List.of(), media, dbHealthy, null));
        services.put("db", new ComposeService(null, "postgres:16-alpine", null, false, List.of(), dbEnv, List.of(),
                List.of("db-data:/var/lib/postgresql/data"), Map.of(),
                new ComposeService.Healthcheck(List.of("CMD-SHELL", "pg_isready -U app -d app"), "2s", "5s", 30)));
        assertThat(file).isEqualTo(new ComposeFile(services, List.of("db-data")));
    }

    @Test
    void theFileReadsLikeOneWrittenByHand() {
        ProjectConfig config = ProjectConfigParser.parseYaml(SHOP, "slipway.yaml");

        String text = ComposeYaml.render(ComposeFiles.of(config, "shop", LocalOptions.DEFAULT));

        assertThat(text).isEqualTo(ComposeYaml.HEADER + "\n" + EXPECTED_SHOP);
    }

    @Test
    void theRenderedFileParsesBackToTheSameData() {
        ComposeFile file = ComposeFiles.of(ProjectConfigParser.parseYaml(SHOP, "slipway.yaml"), "shop", LocalOptions.DEFAULT);

        assertThat(ComposeYaml.parse(ComposeYaml.render(file))).isEqualTo(file.toMap());
    }

    @Test
    void aProcfileProjectGetsOneServicePerProcessAndNoDatabase() {
        ProjectConfig config = ProjectConfigParser.parseProcfile("""
                web: bundle exec puma -p $PORT
                release: bin/rails db:migrate
                worker: bundle exec sidekiq
                clock: bundle exec clockwork clock.rb
                """, "Procfile");

        ComposeFile file = ComposeFiles.of(config, "blog", LocalOptions.DEFAULT);

        assertThat(file.services().keySet()).containsExactly("web", "clock", "worker");
        assertThat(file.volumes()).isEmpty();
        assertThat(file.services().get("web").command()).isEqualTo(List.of("/bin/sh", "-c", "bundle exec puma -p $$PORT"));
        assertThat(file.services().get("clock").command()).isEqualTo(List.of("/bin/sh", "-c", "bundle exec clockwork clock.rb"));
        assertThat(file.services().get("web").environment()).doesNotContainKey("DATABASE_URL")
                .containsEntry("STORAGE_URL", "file:///data/media").containsEntry("SLIPWAY_ENVIRONMENT", "local");
        assertThat(file.services().get("worker").dependsOn()).isEmpty();
    }

    @Test
    void withoutAWebCommandTheImagesOwnCmdRuns() {
        ComposeFile file = ComposeFiles.of(ProjectConfig.DEFAULT, "hello", LocalOptions.DEFAULT);

        assertThat(file.services().keySet()).containsExactly("web");
        assertThat(file.services().get("web").command()).isNull();
        assertThat(ComposeYaml.render(file)).doesNotContain("command:").contains("127.0.0.1:${SLIPWAY_LOCAL_PORT:-8000}:8080");
    }

    @Test
    void onlyFilesWithTheMarkerAreSlipways() {
        assertThat(ComposeYaml.isSlipways(ComposeYaml.render(ComposeFiles.of(ProjectConfig.DEFAULT, "hello", LocalOptions.DEFAULT)))).isTrue();
        assertThat(ComposeYaml.isSlipways("services:\n  web:\n    image: nginx\n")).isFalse();
        assertThat(ComposeYaml.isSlipways("# Generated by someone else\nservices: {}\n")).isFalse();
    }

    @Test
    void composeCommandsAreTheSameArgumentsForEveryTool() {
        assertThat(ComposeCommands.build(false)).isEqualTo(List.of("build", "web"));
        assertThat(ComposeCommands.build(true)).isEqualTo(List.of("build", "--no-cache", "web"));
        assertThat(ComposeCommands.up()).isEqualTo(List.of("up", "--detach"));
        assertThat(ComposeCommands.migrate("echo \"$X\"")).isEqualTo(List.of("run", "--rm", "-T", "web", "/bin/sh", "-c", "echo \"$X\""));
        assertThat(ComposeCommands.down(false)).isEqualTo(List.of("down"));
        assertThat(ComposeCommands.logs(true, List.of("worker"))).isEqualTo(List.of("logs", "--follow", "worker"));
        ComposeRunner runner = new ComposeRunner(ComposeTool.V1, java.nio.file.Path.of("."), "demo", Map.of());
        assertThat(runner.commandLine(ComposeCommands.ps())).isEqualTo(List.of("docker-compose", "-f", "docker-compose.yml", "-p", "demo", "ps"));
    }

    static final String EXPECTED_SHOP = """
            services:
              web:
                build:
                  context: .
                  dockerfile: Dockerfile
                image: slipway-local/shop:latest
                command:
                  - /bin/sh
                  - -c
                  - gunicorn shop.wsgi --bind 0.0.0.0:$$PORT
                init: true
                env_file:
                  - .env
                environment:
                  PORT: '5000'
                  SLIPWAY_PROJECT: shop
                  SLIPWAY_ENVIRONMENT: local
                  SLIPWAY_COMMIT: ${SLIPWAY_COMMIT:-}
                  DATABASE_URL: postgres://app:app@db:5432/app
                  STORAGE_URL: file:///data/media
                ports:
                  - 127.0.0.1:${SLIPWAY_LOCAL_PORT:-8000}:5000
                volumes:
                  - ./data/media:/data/media
                depends_on:
                  db:
                    condition: service_healthy
              worker:
                build:
                  context: .
                  dockerfile: Dockerfile
                image: slipway-local/shop:latest
                command:
                  - /bin/sh
                  - -c
                  - celery -A shop worker
                init: true
                env_file:
                  - .env
                environment:
                  PORT: '5000'
                  SLIPWAY_PROJECT: shop
                  SLIPWAY_ENVIRONMENT: local
                  SLIPWAY_COMMIT: ${SLIPWAY_COMMIT:-}
                  DATABASE_URL: postgres://app:app@db:5432/app
                  STORAGE_URL: file:///data/media
                volumes:
                  - ./data/media:/data/media
                depends_on:
                  db:
                    condition: service_healthy
              db:
                image: postgres:16-alpine
                environment:
                  POSTGRES_USER: app
                  POSTGRES_PASSWORD: app
                  POSTGRES_DB: app
                volumes:
                  - db-data:/var/lib/postgresql/data
                healthcheck:
                  test:
                    - CMD-SHELL
                    - pg_isready -U app -d app
                  interval: 2s
                  timeout: 5s
                  retries: 30
            volumes:
              db-data: {}
            """;
}
