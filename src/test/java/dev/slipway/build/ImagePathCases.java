package dev.slipway.build;

import static dev.slipway.build.PinAdvisorTest.c;
import static dev.slipway.build.PinAdvisorTest.files;

import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Lint cases where an install names a file by its path inside the image: real-world Dockerfile shapes
 * (COPY/ADD, WORKDIR, multi-stage, globs, heredocs, constraints, npm lockfiles) whose inputs must be
 * traced back to the repository file, or reported as unresolvable with their Dockerfile line.
 */
final class ImagePathCases {
    private ImagePathCases() {}

    static final String REQS = "flask==3.0.3\nrequests\n"; // line 2 unpinned
    static final String PACKAGE_JSON = "{\n  \"name\": \"web\",\n  \"dependencies\": {\n    \"express\": \"^4.19.2\"\n  }\n}\n"; // line 4 a range

    static final String PYPROJECT = "[build-system]\nrequires = [\"hatchling\"]\n\n[project]\nname = \"app\"\nversion = \"1.0\"\n"
            + "dependencies = [\n    \"flask==3.0.3\",  # web\n    \"requests>=2.31\",\n]\n"; // line 9 a range

    static Stream<Arguments> cases() {
        return Stream.of(
                c("COPY into a directory, pip -r by its absolute image path (no WORKDIR)", files(
                        "Dockerfile", "FROM python:3.12-slim\nENV PYTHONUNBUFFERED=1\nRUN apt-get update\nCOPY requirements.txt /app/\n"
                                + "RUN pip install -r /app/requirements.txt\nCOPY . /app\nCMD [\"python\", \"/app/main.py\"]\n",
                        "requirements.txt", REQS),
                        "requirements.txt:2: requirements-unpinned"),
                c("WORKDIR and a relative -r to a file copied under another name", files(
                        "Dockerfile", "FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements/prod.txt requirements.txt\nRUN pip install -r requirements.txt\n",
                        "requirements/prod.txt", REQS),
                        "requirements/prod.txt:2: requirements-unpinned"),
                c("several relative WORKDIRs in a row", files(
                        "Dockerfile", "FROM python:3.12-slim\nWORKDIR /srv\nWORKDIR app\nWORKDIR src\nCOPY reqs/base.txt ./requirements.txt\n"
                                + "RUN pip install -r /srv/app/src/requirements.txt\n",
                        "reqs/base.txt", REQS),
                        "reqs/base.txt:2: requirements-unpinned"),
                c("ADD a local file", files(
                        "Dockerfile", "FROM python:3.12-slim\nADD requirements.txt /opt/app/\nRUN pip install -r /opt/app/requirements.txt\n",
                        "requirements.txt", REQS),
                        "requirements.txt:2: requirements-unpinned"),
                c("COPY . /app and a nested -r", files(
                        "Dockerfile", "FROM python:3.12-slim\nCOPY . /app\nRUN pip install -r /app/requirements/prod.txt\n",
                        "requirements/prod.txt", "-r base.txt\ngunicorn==22.0.0\n",
                        "requirements/base.txt", "celery\n"),
                        "requirements/base.txt:1: requirements-unpinned"),
                c("COPY --chown and --chmod into a home directory", files(
                        "Dockerfile", "FROM python:3.12-slim\nRUN useradd -m app\nUSER app\nCOPY --chown=app:app --chmod=644 requirements.txt /home/app/\n"
                                + "RUN pip install --user -r /home/app/requirements.txt\n",
                        "requirements.txt", REQS),
                        "requirements.txt:2: requirements-unpinned"),
                c("COPY to a directory named without its slash", files(
                        "Dockerfile", "FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt /app\nRUN pip install -r /app/requirements.txt\n",
                        "requirements.txt", REQS),
                        "requirements.txt:2: requirements-unpinned"),
                c("COPY in JSON form", files(
                        "Dockerfile", "FROM python:3.12-slim\nCOPY [\"requirements.txt\", \"/app/\"]\nRUN pip install -r /app/requirements.txt\n",
                        "requirements.txt", REQS),
                        "requirements.txt:2: requirements-unpinned"),
                c("a glob copies requirements*.txt, two -r files", files(
                        "Dockerfile", "FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements*.txt ./\nRUN pip install -r requirements.txt -r requirements-dev.txt\n",
                        "requirements.txt", "flask==3.0.3\n",
                        "requirements-dev.txt", "pytest\n"),
                        "requirements-dev.txt:1: requirements-unpinned"),
                c("pip install . and -e . install the copied project by path", files(
                        "Dockerfile", "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir . && pip install -e .\n",
                        "pyproject.toml", "[project]\nname = \"app\"\n")),
                c("-c constraints.txt pins what the requirement file leaves open", files(
                        "Dockerfile", "FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt constraints.txt ./\n"
                                + "RUN pip install -r requirements.txt -c constraints.txt\n",
                        "requirements.txt", "flask\nrequests\ncelery\n",
                        "constraints.txt", "flask==3.0.3\nrequests==2.32.3\ncelery>=5\n"),
                        "requirements.txt:3: requirements-unpinned"),
                c("-c nested in a requirement file, and a constrained pip install NAME", files(
                        "Dockerfile", "FROM python:3.12-slim\nCOPY . /app\nRUN pip install -r /app/requirements.txt && pip install -c /app/constraints.txt gunicorn\n",
                        "requirements.txt", "-c constraints.txt\nflask\nrequests\n",
                        "constraints.txt", "flask==3.0.3\ngunicorn==22.0.0\n"),
                        "requirements.txt:3: requirements-unpinned"),
                c("RUN heredoc with -r and an unpinned package", files(
                        "Dockerfile", "FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN <<EOF\nset -e\npip install -r requirements.txt\n"
                                + "pip install gunicorn\nEOF\nCMD [\"gunicorn\"]\n",
                        "requirements.txt", REQS),
                        "Dockerfile:7: pip-unpinned", "requirements.txt:2: requirements-unpinned"),
                c("COPY heredoc writes the requirement file inside the Dockerfile", files(
                        "Dockerfile", "FROM python:3.12-slim\nCOPY <<EOF /app/requirements.txt\nflask==3.0.3\nrequests\nEOF\n"
                                + "RUN pip install -r /app/requirements.txt\n"),
                        "Dockerfile:4: requirements-unpinned"),
                c("multi-stage: COPY --from an earlier stage under another name", files(
                        "Dockerfile", "FROM python:3.12 AS deps\nWORKDIR /src\nCOPY requirements.txt .\nFROM python:3.12-slim\n"
                                + "COPY --from=deps /src/requirements.txt /tmp/req.txt\nRUN pip install -r /tmp/req.txt\n",
                        "requirements.txt", REQS),
                        "requirements.txt:2: requirements-unpinned"),
                c("a stage built on an earlier stage keeps its WORKDIR and files", files(
                        "Dockerfile", "FROM python:3.12-slim AS base\nWORKDIR /app\nCOPY requirements/prod.txt requirements.txt\nFROM base AS prod\n"
                                + "RUN pip install -r requirements.txt\n",
                        "requirements/prod.txt", REQS),
                        "requirements/prod.txt:2: requirements-unpinned"),
                c("node assets stage with a lockfile, python stage with ranges", files(
                        "Dockerfile", "FROM node:20-slim AS assets\nWORKDIR /src\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\n"
                                + "RUN npm run build\nFROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\n"
                                + "RUN pip install --no-cache-dir -r requirements.txt\nCOPY --from=assets /src/dist ./static\n",
                        "package.json", PACKAGE_JSON,
                        "package-lock.json", "{}\n",
                        "requirements.txt", REQS),
                        "requirements.txt:2: requirements-unpinned"),
                c("a requirement file made by an earlier RUN cannot be checked, the rest still is", files(
                        "Dockerfile", "FROM python:latest\nRUN pip freeze > /tmp/frozen.txt\nRUN pip install -r /tmp/frozen.txt\nRUN pip install flask\n"),
                        "Dockerfile:1: base-latest", "Dockerfile:3: input-unresolved", "Dockerfile:4: pip-unpinned"),
                c("a requirement file made in another stage cannot be checked", files(
                        "Dockerfile", "FROM python:3.12 AS lock\nRUN pip-compile -o /requirements.lock\nFROM python:3.12-slim\n"
                                + "COPY --from=lock /requirements.lock /app/\nRUN pip install -r /app/requirements.lock\n"),
                        "Dockerfile:5: input-unresolved"),
                c("a requirement file downloaded by ADD URL cannot be checked", files(
                        "Dockerfile", "FROM python:3.12-slim\nADD https://files.example.com/requirements.txt /app/\nRUN pip install -r /app/requirements.txt\n"),
                        "Dockerfile:3: input-unresolved"),
                c("a requirement file copied from another image cannot be checked", files(
                        "Dockerfile", "FROM python:3.12-slim\nCOPY --from=ghcr.io/acme/base:1.0 /requirements.txt /app/\nRUN pip install -r /app/requirements.txt\n"),
                        "Dockerfile:3: input-unresolved"),
                c("a requirement file never copied into the image cannot be checked", files(
                        "Dockerfile", "FROM python:3.12-slim\nWORKDIR /app\nRUN pip install -r requirements.txt\n",
                        "requirements.txt", REQS),
                        "Dockerfile:3: input-unresolved"),
                c("a COPY source missing from the repository", files(
                        "Dockerfile", "FROM python:3.12-slim\nCOPY requirements.txt /app/\nRUN pip install -r /app/requirements.txt\n"),
                        "Dockerfile:3: input-unresolved"),
                c("a bind mount of the requirement file", files(
                        "Dockerfile", "FROM python:3.12-slim\nRUN --mount=type=cache,target=/root/.cache/pip \\\n"
                                + "    --mount=type=bind,source=requirements.txt,target=/tmp/requirements.txt \\\n"
                                + "    pip install -r /tmp/requirements.txt\n",
                        "requirements.txt", REQS),
                        "requirements.txt:2: requirements-unpinned"),
                c("ENV names the WORKDIR and the -r path", files(
                        "Dockerfile", "FROM python:3.12-slim\nENV APP_HOME=/srv/app\nWORKDIR $APP_HOME\nCOPY requirements.txt ${APP_HOME}/\n"
                                + "RUN pip install -r $APP_HOME/requirements.txt\n",
                        "requirements.txt", REQS),
                        "requirements.txt:2: requirements-unpinned"),
                c("npm ci with COPY package*.json and a lockfile", files(
                        "Dockerfile", "FROM node:20-slim\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci --omit=dev\nCOPY . .\n",
                        "package.json", PACKAGE_JSON,
                        "package-lock.json", "{}\n")),
                c("npm ci without a lockfile in the image", files(
                        "Dockerfile", "FROM node:20-slim\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\n",
                        "package.json", PACKAGE_JSON),
                        "Dockerfile:4: npm-ci-no-lockfile"),
                c("npm install when only package.json is copied: the repository's lockfile is not in the image", files(
                        "Dockerfile", "FROM node:20-slim\nWORKDIR /app\nCOPY package.json ./\nRUN npm install\n",
                        "package.json", PACKAGE_JSON,
                        "package-lock.json", "{}\n"),
                        "package.json:4: package-json-range"),
                c("npm install of a package.json from a subdirectory", files(
                        "Dockerfile", "FROM node:20-slim\nCOPY web/package.json /app/\nWORKDIR /app\nRUN npm install --no-audit\n",
                        "web/package.json", PACKAGE_JSON,
                        "package-lock.json", "{}\n"),
                        "web/package.json:4: package-json-range"),
                c("cd into a subdirectory before npm install", files(
                        "Dockerfile", "FROM node:20-slim\nWORKDIR /app\nCOPY . .\nRUN cd frontend && npm install && npm run build\n",
                        "frontend/package.json", PACKAGE_JSON),
                        "frontend/package.json:4: package-json-range"),
                c("yarn install with yarn.lock copied by a glob", files(
                        "Dockerfile", "FROM node:20-slim\nWORKDIR /app\nCOPY package.json yarn.lock* ./\nRUN yarn install --frozen-lockfile\n",
                        "package.json", PACKAGE_JSON,
                        "yarn.lock", "# yarn lockfile v1\n")),
                c("a package.json no install reads is not a build input", files(
                        "Dockerfile", "FROM python:3.12-slim\nCOPY . /app\n",
                        "package.json", PACKAGE_JSON)),
                c("COPY --parents keeps the source's directories", files(
                        "Dockerfile", "FROM python:3.12-slim\nCOPY --parents services/api/requirements.txt /src/\n"
                                + "RUN pip install -r /src/services/api/requirements.txt\n",
                        "services/api/requirements.txt", REQS),
                        "services/api/requirements.txt:2: requirements-unpinned"),
                c("COPY --from a stage by its index", files(
                        "Dockerfile", "FROM python:3.12-slim\nCOPY reqs /reqs\nFROM python:3.12-slim\nCOPY --from=0 /reqs/prod.txt /tmp/\n"
                                + "RUN pip install -r /tmp/prod.txt\n",
                        "reqs/prod.txt", REQS),
                        "reqs/prod.txt:2: requirements-unpinned"),
                c("a requirement file unpacked by ADD from an archive cannot be checked", files(
                        "Dockerfile", "FROM python:3.12-slim\nADD vendor.tar.gz /opt/\nRUN pip install -r /opt/vendor/requirements.txt\n",
                        "vendor.tar.gz", "not really gzip\n"),
                        "Dockerfile:3: input-unresolved"),
                c("a bind mount of the whole context at the WORKDIR", files(
                        "Dockerfile", "FROM python:3.12-slim\nWORKDIR /app\nRUN --mount=type=bind,target=. pip install -r requirements.txt\n",
                        "requirements.txt", REQS),
                        "requirements.txt:2: requirements-unpinned"),
                c("a stage ARG default names the COPY source", files(
                        "Dockerfile", "FROM python:3.12-slim\nARG REQS=requirements/prod.txt\nCOPY ${REQS} /app/requirements.txt\n"
                                + "RUN pip install -r /app/requirements.txt\n",
                        "requirements/prod.txt", REQS),
                        "requirements/prod.txt:2: requirements-unpinned"),
                c("a requirement file named by a variable the Dockerfile does not set", files(
                        "Dockerfile", "FROM python:3.12-slim\nCOPY . /app\nRUN pip install -r $REQUIREMENTS\n"),
                        "Dockerfile:3: input-unresolved"),
                c("yarn --version and npm run are not installs", files(
                        "Dockerfile", "FROM node:20-slim\nWORKDIR /app\nCOPY package.json ./\nRUN yarn --version && npm run build\n",
                        "package.json", PACKAGE_JSON)),
                c("pip install . reads the copied pyproject.toml's dependencies", files(
                        "Dockerfile", "FROM python:3.12-slim\nWORKDIR /app\nCOPY pyproject.toml ./\nCOPY src ./src\nRUN pip install --no-cache-dir .\n",
                        "pyproject.toml", PYPROJECT,
                        "src/app/__init__.py", ""),
                        "pyproject.toml:9: pyproject-unpinned"),
                c("pip install -e . with a constraints file that pins pyproject's ranges", files(
                        "Dockerfile", "FROM python:3.12-slim\nCOPY . /app\nRUN pip install -c /app/constraints.txt -e '/app[dev]'\n",
                        "pyproject.toml", PYPROJECT,
                        "constraints.txt", "requests==2.32.3\n")),
                c("Poetry dependencies installed by pip install .", files(
                        "Dockerfile", "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install .\n",
                        "pyproject.toml", "[tool.poetry.dependencies]\npython = \"^3.12\"\nflask = \"3.0.3\"\n"
                                + "requests = { version = \"^2.31\", extras = [\"socks\"] }\n"),
                        "pyproject.toml:4: pyproject-unpinned"),
                c("a setup.py project's dependencies cannot be read before the build", files(
                        "Dockerfile", "FROM python:3.12-slim\nCOPY . /app\nRUN pip install /app\n",
                        "setup.py", "from setuptools import setup\nsetup(name='app', install_requires=['flask'])\n"),
                        "Dockerfile:3: input-unresolved"),
                c("npm install with no package.json in the image cannot be checked", files(
                        "Dockerfile", "FROM node:20-slim\nWORKDIR /app\nRUN npm install\n",
                        "package.json", PACKAGE_JSON),
                        "Dockerfile:3: input-unresolved"));
    }
}
