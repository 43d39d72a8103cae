package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code slipway lint} through the launcher on real project folders: what it prints and its exit code (2 bad usage, 1 advisories, 0 clean). */
class LintCliTest {
    static final String PYTHON_DOCKERFILE = """
            FROM python:3.12-slim
            ENV PYTHONUNBUFFERED=1
            RUN apt-get update
            COPY requirements.txt /app/
            RUN pip install -r /app/requirements.txt
            COPY . /app
            CMD ["python", "/app/main.py"]
            """;

    @TempDir Path tmp;

    CliProcess.Run lint(String... args) throws Exception {
        String[] all = new String[args.length + 1];
        all[0] = "lint";
        System.arraycopy(args, 0, all, 1, args.length);
        return new CliProcess(tmp, Map.of()).run(all);
    }

    Path project(String name, String... pathsAndContents) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(name));
        for (int i = 0; i < pathsAndContents.length; i += 2) {
            Path file = dir.resolve(pathsAndContents[i]);
            Files.createDirectories(file.getParent());
            Files.writeString(file, pathsAndContents[i + 1]);
        }
        return dir;
    }

    @Test
    void theCommonPythonDockerfileIsTracedToTheRepositorysRequirementFile() throws Exception {
        Path dir = project("py", "Dockerfile", PYTHON_DOCKERFILE, "requirements.txt", "flask==3.0.3\nrequests\n", "main.py", "print('hi')\n");
        CliProcess.Run run = lint(dir.toString());
        assertThat(run.err()).isEmpty();
        assertThat(run.out().strip().split("\n")).containsExactly("requirements.txt:2: requirements-unpinned requests has no ==VERSION (requests)");
        assertThat(run.exit()).isEqualTo(1);

        Files.writeString(dir.resolve("requirements.txt"), "flask==3.0.3\nrequests==2.32.3\n");
        CliProcess.Run clean = lint(dir.toString());
        assertThat(clean.all()).isEmpty();
        assertThat(clean.exit()).isZero();
    }

    @Test
    void anInputItCannotResolveIsReportedWithItsLineAndTheRestIsStillChecked() throws Exception {
        Path dir = project("mixed",
                "Dockerfile", """
                        FROM node:20-slim AS assets
                        WORKDIR /src
                        COPY package.json ./
                        RUN npm install
                        FROM python:latest
                        RUN pip freeze > /tmp/frozen.txt && pip install -r /tmp/frozen.txt
                        WORKDIR /app
                        COPY requirements*.txt ./
                        RUN pip install -r requirements.txt
                        COPY --from=assets /src/dist ./static
                        """,
                "package.json", "{\n  \"dependencies\": {\n    \"express\": \"^4.19.2\"\n  }\n}\n",
                "package-lock.json", "{}\n",
                "requirements.txt", "gunicorn\n");
        CliProcess.Run run = lint(dir.toString());
        assertThat(run.err()).isEmpty();
        assertThat(run.out().strip().split("\n")).containsExactly(
                "Dockerfile:5: base-latest FROM python:latest follows whatever is newest; pin a version or a digest",
                "Dockerfile:6: input-unresolved requirement file /tmp/frozen.txt is not copied into the image before this line;"
                        + " it is made by an earlier RUN or comes with the base image, so its pins cannot be checked",
                "package.json:3: package-json-range \"express\": \"^4.19.2\" is a range and there is no lockfile (package-lock.json) in the image",
                "requirements.txt:1: requirements-unpinned gunicorn has no ==VERSION (gunicorn)");
        assertThat(run.exit()).isEqualTo(1);
    }

    @Test
    void aNodeProjectThatCopiesItsLockfileIsClean() throws Exception {
        Path dir = project("node",
                "Dockerfile", "FROM node:20.15-slim\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci --omit=dev\nCOPY . .\nCMD [\"node\", \"server.js\"]\n",
                "package.json", "{\n  \"dependencies\": {\n    \"express\": \"^4.19.2\"\n  }\n}\n",
                "package-lock.json", "{}\n");
        CliProcess.Run run = lint(dir.toString());
        assertThat(run.all()).isEmpty();
        assertThat(run.exit()).isZero();
    }

    @Test
    void onlyBadUsageExitsTwo() throws Exception {
        CliProcess.Run missing = lint(tmp.resolve("nope").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("nope is not a directory");
        assertThat(missing.out()).isEmpty();

        Path dir = project("named", "slipway.yaml", "build:\n  dockerfile: docker/Dockerfile\n");
        CliProcess.Run noDockerfile = lint(dir.toString());
        assertThat(noDockerfile.exit()).isEqualTo(2);
        assertThat(noDockerfile.err()).contains("Dockerfile not found: docker/Dockerfile");
    }
}
