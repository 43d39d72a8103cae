package dev.slipway.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The pin rules as a table: each case is a Dockerfile (plus other files of the repository) and
 * exactly the advisories it must yield, as {@code FILE:LINE: RULE}. Empty means "must not be flagged".
 */
class PinAdvisorTest {
    @TempDir Path dir;

    static final String BASE = "FROM debian:bookworm-slim\n";

    static Arguments c(String name, String dockerfile, String... expected) {
        return Arguments.of(name, Map.of("Dockerfile", dockerfile), List.of(expected));
    }

    static Arguments c(String name, Map<String, String> files, String... expected) {
        return Arguments.of(name, files, List.of(expected));
    }

    static Map<String, String> files(String... pathsAndContents) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pathsAndContents.length; i += 2) m.put(pathsAndContents[i], pathsAndContents[i + 1]);
        return m;
    }

    static Stream<Arguments> cases() {
        return Stream.concat(basicCases(), ImagePathCases.cases());
    }

    static Stream<Arguments> basicCases() {
        return Stream.of(
                // FROM
                c("from without tag", "FROM busybox\n", "Dockerfile:1: base-unpinned"),
                c("from latest", "FROM busybox:latest\n", "Dockerfile:1: base-latest"),
                c("from with tag", "FROM busybox:1.36\n"),
                c("from with digest", "FROM busybox@sha256:" + "a".repeat(64) + "\n"),
                c("from registry port, no tag", "FROM localhost:5000/team/app\n", "Dockerfile:1: base-unpinned"),
                c("from registry port with tag", "FROM localhost:5000/team/app:2.1\n"),
                c("from scratch", "FROM scratch\nCOPY x /x\n"),
                c("from --platform flag", "FROM --platform=linux/amd64 python:3.12-slim AS app\n"),
                c("from earlier stage is not unpinned", "FROM golang:1.22 AS build\nRUN true\nFROM build\nFROM build AS test\n"),
                c("stage named like its image is still checked", "FROM node AS node\n", "Dockerfile:1: base-unpinned"),
                c("from ARG default", "ARG BASE=busybox:latest\nFROM $BASE\n", "Dockerfile:2: base-latest"),
                c("from ARG pinned", "ARG VERSION=1.36\nFROM busybox:${VERSION}\n"),
                c("lower-case instructions", "from busybox\n", "Dockerfile:1: base-unpinned"),
                // apt
                c("apt-get install unpinned", BASE + "RUN apt-get update && apt-get install -y curl\n", "Dockerfile:2: apt-unpinned"),
                c("apt-get install pinned", BASE + "RUN apt-get update && apt-get install -y curl=7.88.1-10+deb12u5\n"),
                c("apt-get flags are not packages", BASE + "RUN apt-get install -y --no-install-recommends -o Dpkg::Options::=--force-confold -qq ca-certificates=20230311\n"),
                c("apt-get install continuation lines point at the package's line", BASE
                        + "RUN apt-get update \\\n"
                        + "    && apt-get install -y --no-install-recommends \\\n"
                        + "       curl=7.88.1-10+deb12u5 \\\n"
                        + "       # a comment inside the continuation\n"
                        + "       jq \\\n"
                        + "    && rm -rf /var/lib/apt/lists/*\n", "Dockerfile:6: apt-unpinned"),
                c("apt install (not apt-get)", BASE + "RUN apt install -y git\n", "Dockerfile:2: apt-unpinned"),
                c("apt-get upgrade", BASE + "RUN apt-get update && apt-get -y upgrade\n", "Dockerfile:2: apt-upgrade"),
                c("apt-get dist-upgrade", BASE + "RUN apt-get dist-upgrade -y\n", "Dockerfile:2: apt-upgrade"),
                c("apt-get update alone", BASE + "RUN apt-get update\n"),
                c("apt-get with env prefix and sudo", BASE + "RUN DEBIAN_FRONTEND=noninteractive sudo -E apt-get install -y vim\n", "Dockerfile:2: apt-unpinned"),
                c("apt-get -t release selects no version", BASE + "RUN apt-get install -t bookworm-backports -y golang=2:1.21\n"),
                c("apt-get redirections are not packages", BASE + "RUN apt-get install -y make=4.3-4.1 > /dev/null 2>&1\n"),
                c("install inside if/then and after ||", BASE + "RUN if true; then apt-get install -y curl; fi && true || apt-get install -y jq=1.6\n", "Dockerfile:2: apt-unpinned"),
                c("comment lines are not instructions", BASE + "# RUN apt-get install -y curl\n"),
                c("shell comment after a command", BASE + "RUN true # apt-get install curl\n"),
                c("exec form RUN", BASE + "RUN [\"apt-get\", \"install\", \"-y\", \"wget\"]\n", "Dockerfile:2: apt-unpinned"),
                c("heredoc RUN", BASE + "RUN <<EOF\nset -e\napt-get install -y htop\nEOF\nRUN true\n", "Dockerfile:4: apt-unpinned"),
                c("escape directive", "# escape=`\n" + BASE + "RUN apt-get install -y `\n    tree\n", "Dockerfile:4: apt-unpinned"),
                // pip and requirement files
                c("pip install unpinned", "FROM python:3.12\nRUN pip install flask\n", "Dockerfile:2: pip-unpinned"),
                c("pip install pinned with extras", "FROM python:3.12\nRUN pip install --no-cache-dir 'uvicorn[standard]==0.30.1' requests==2.32.3\n"),
                c("pip install range", "FROM python:3.12\nRUN pip3 install \"django>=4.2\"\n", "Dockerfile:2: pip-unpinned"),
                c("python -m pip --upgrade pip", "FROM python:3.12\nRUN python3 -m pip install --upgrade pip\n", "Dockerfile:2: pip-unpinned"),
                c("pip install local package", "FROM python:3.12\nCOPY . /app\nRUN pip install -e . && pip install /app\n"),
                c("pip index-url value is not a package", "FROM python:3.12\nRUN pip install -i http://127.0.0.1:9/simple six==1.16.0\n"),
                c("pip -r checks the requirement file", files(
                        "Dockerfile", "FROM python:3.12\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n",
                        "requirements.txt", "# web\nflask==3.0.3\nrequests\nnumpy>=1.26  # range\n\n"),
                        "requirements.txt:3: requirements-unpinned", "requirements.txt:4: requirements-unpinned"),
                c("requirement file fully pinned", files(
                        "Dockerfile", "FROM python:3.12\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n",
                        "requirements.txt", "flask==3.0.3 \\\n    --hash=sha256:abc\nrequests==2.32.3 ; python_version >= \"3.8\"\n--index-url http://127.0.0.1/simple\n")),
                c("requirement file includes another", files(
                        "Dockerfile", "FROM python:3.12\nWORKDIR /app\nCOPY requirements requirements\nRUN pip install -r /app/requirements/prod.txt\n",
                        "requirements/prod.txt", "-r base.txt\ngunicorn==22.0.0\n",
                        "requirements/base.txt", "\n\ncelery\n"),
                        "requirements/base.txt:3: requirements-unpinned"),
                // npm and package.json
                c("npm install package without version", "FROM node:20\nRUN npm install -g typescript\n", "Dockerfile:2: npm-unpinned"),
                c("npm install exact version and scoped package", "FROM node:20\nRUN npm install -g typescript@5.4.5 @angular/cli@17.3.7\n"),
                c("npm install scoped package without version", "FROM node:20\nRUN npm i --save-dev @types/node\n", "Dockerfile:2: npm-unpinned"),
                c("npm install range version", "FROM node:20\nRUN npm install express@^4.19.0\n", "Dockerfile:2: npm-unpinned"),
                c("npm ci uses the lockfile", files("Dockerfile", "FROM node:20\nCOPY package.json package-lock.json ./\nRUN npm ci --omit=dev\n",
                        "package.json", "{\"dependencies\": {\"express\": \"^4.19.2\"}}\n", "package-lock.json", "{}\n")),
                c("package.json ranges without a lockfile", files(
                        "Dockerfile", "FROM node:20\nCOPY . .\nRUN npm install\n",
                        "package.json", "{\n  \"name\": \"app\",\n  \"dependencies\": {\n    \"express\": \"^4.19.2\",\n    \"lodash\": \"4.17.21\"\n  },\n"
                                + "  \"devDependencies\": {\n    \"jest\": \"~29.7.0\"\n  }\n}\n"),
                        "package.json:4: package-json-range", "package.json:8: package-json-range"),
                c("package.json ranges with a lockfile", files(
                        "Dockerfile", "FROM node:20\nCOPY . .\nRUN npm install\n",
                        "package.json", "{\"dependencies\": {\"express\": \"^4.19.2\"}}\n",
                        "package-lock.json", "{}\n")),
                // apk, gem, go
                c("apk add unpinned", "FROM alpine:3.20\nRUN apk add --no-cache --virtual .build-deps gcc musl-dev=1.2.5-r0\n", "Dockerfile:2: apk-unpinned"),
                c("apk add pinned", "FROM alpine:3.20\nRUN apk add --no-cache curl=8.9.1-r1\n"),
                c("gem install unpinned", "FROM ruby:3.3\nRUN gem install bundler --no-document\n", "Dockerfile:2: gem-unpinned"),
                c("gem install pinned with -v and name:version", "FROM ruby:3.3\nRUN gem install bundler -v 2.5.11 && gem install rake:13.2.1\n"),
                c("gem install range version", "FROM ruby:3.3\nRUN gem install rails -v '>= 7'\n", "Dockerfile:2: gem-unpinned"),
                c("go install latest", "FROM golang:1.22\nRUN go install golang.org/x/tools/gopls@latest\n", "Dockerfile:2: go-unpinned"),
                c("go install pinned and local", "FROM golang:1.22\nRUN go install -ldflags '-s -w' golang.org/x/tools/gopls@v0.15.3 && go install ./...\n"),
                c("several findings in order", "FROM busybox\nRUN apt-get install -y a b=1 c\n",
                        "Dockerfile:1: base-unpinned", "Dockerfile:2: apt-unpinned", "Dockerfile:2: apt-unpinned"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void flagsExactlyTheUnpinnedInputs(String name, Map<String, String> files, List<String> expected) throws IOException {
        for (var e : files.entrySet()) {
            Path file = dir.resolve(e.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, e.getValue());
        }
        List<String> found = new ArrayList<>();
        for (Advisory a : new PinAdvisor(dir).check("Dockerfile").advisories()) {
            found.add(a.file() + ":" + a.line() + ": " + a.rule());
        }
        assertThat(found).as(name).containsExactlyElementsOf(expected);
    }

    @Test
    void caseTableHasAtLeastSeventyFourCasesOfBothKinds() {
        List<Arguments> all = cases().toList();
        long flagged = all.stream().filter(a -> !((List<?>) a.get()[2]).isEmpty()).count();
        assertThat(all).hasSizeGreaterThanOrEqualTo(74);
        assertThat(ImagePathCases.cases().count()).isGreaterThanOrEqualTo(20);
        assertThat(flagged).isGreaterThanOrEqualTo(15);
        assertThat(all.size() - flagged).isGreaterThanOrEqualTo(15);
    }

    @Test
    void advisoryPrintsAsFileLineRuleMessage() throws IOException {
        Files.writeString(dir.resolve("Dockerfile"), "FROM busybox:1.36\nRUN apt-get install -y curl\n");
        assertThat(new PinAdvisor(dir).check("Dockerfile").advisories())
                .extracting(Advisory::toString)
                .containsExactly("Dockerfile:2: apt-unpinned apt-get install curl without =VERSION");
    }

    @Test
    void finalStageBaseImageFollowsStageNames() throws IOException {
        Files.writeString(dir.resolve("Dockerfile"), "FROM golang:1.22 AS build\nFROM debian:bookworm-slim AS run\nFROM run\n");
        assertThat(new PinAdvisor(dir).check("Dockerfile").baseImage()).isEqualTo("debian:bookworm-slim");
    }

    @Test
    void unresolvableInputIsAnAdvisoryThatSaysWhyWithItsDockerfileLine() throws IOException {
        Files.writeString(dir.resolve("Dockerfile"), "FROM python:3.12\n\nRUN pip install -r requirements.txt\n"
                + "ADD https://files.example.com/r.txt /r/\nRUN pip install -r /r/r.txt\n"
                + "FROM python:3.12 AS b\nRUN echo flask > /x.txt\nFROM python:3.12\nCOPY --from=b /x.txt /y.txt\nRUN pip install -r /y.txt\n"
                + "COPY package.json /app/\nRUN cd /app && npm install\n");
        Files.writeString(dir.resolve("package.json"), "{\"dependencies\": ");
        assertThat(new PinAdvisor(dir).check("Dockerfile").advisories()).extracting(Advisory::toString).containsExactly(
                "Dockerfile:3: input-unresolved requirement file requirements.txt (/requirements.txt) is not copied into the image before this line;"
                        + " it is made by an earlier RUN or comes with the base image, so its pins cannot be checked",
                "Dockerfile:5: input-unresolved requirement file /r/r.txt is downloaded from https://files.example.com/r.txt (ADD, Dockerfile:4),"
                        + " so its pins cannot be checked",
                "Dockerfile:10: input-unresolved requirement file /y.txt is made in stage b (COPY --from=b, Dockerfile:9), not copied from the"
                        + " repository, so its pins cannot be checked",
                "Dockerfile:12: input-unresolved package.json (/app/package.json) cannot be read as JSON: Unexpected end-of-input"
                        + " within/between Object entries, so its ranges cannot be checked");
    }

    @Test
    void pyprojectAdvisoriesNameTheDependencyAndItsTable() throws IOException {
        Files.writeString(dir.resolve("Dockerfile"), "FROM python:3.12-slim\nCOPY . /app\nRUN pip install /app\n");
        Files.writeString(dir.resolve("pyproject.toml"), ImagePathCases.PYPROJECT + "\n[tool.poetry.dependencies]\ncelery = \"~5.4\"\n");
        assertThat(new PinAdvisor(dir).check("Dockerfile").advisories()).extracting(Advisory::toString).containsExactly(
                "pyproject.toml:9: pyproject-unpinned requests>=2.31 in pyproject.toml is not one exact version; pip install resolves the newest that matches",
                "pyproject.toml:13: pyproject-unpinned celery = \"~5.4\" in pyproject.toml is a range; pip install resolves the newest that matches");
    }

    @Test
    void dockerfileOutsideTheRepositoryIsRefused() {
        assertThatThrownBy(() -> new PinAdvisor(dir).check("../Dockerfile"))
                .isInstanceOf(UnreadableInputException.class).hasMessageContaining("outside the repository");
    }

    @Test
    void packageJsonLinkedOutsideTheRepositoryIsRefusedWithoutQuotingTheFile(@TempDir Path server) throws IOException {
        Path token = Files.writeString(server.resolve("admin-token"), "slw_not-for-builds\n");
        Files.writeString(dir.resolve("Dockerfile"), "FROM node:20\nCOPY package.json ./\nRUN npm install\n");
        Files.createSymbolicLink(dir.resolve("package.json"), token);
        assertThat(new PinAdvisor(dir).check("Dockerfile").advisories()).extracting(Advisory::toString).containsExactly(
                "Dockerfile:3: input-unresolved package.json (/package.json): package.json is a link to outside the repository,"
                        + " so its ranges cannot be checked");
    }
}
