#!/usr/bin/env bash
# Makes again what docs/ holds that the code produces, one step each; the tests named here fail while a
# generated page is stale. The pictures need Docker and the base images (scripts/start-docker.sh,
# scripts/base-images.sh). Check the result with `git diff --stat docs/` and commit it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [ -z "${JAVA_HOME:-}" ] && [ -d /usr/lib/jvm/temurin-25-jdk-amd64 ]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi

# docs/reference/cli.md (picocli's model) and docs/reference/api.md (the served OpenAPI document)
mvn -B -q test -Dtest='CliReferenceTest,ApiReferenceTest' -Dsurefire.failIfNoSpecifiedTests=false -Dslipway.docs.refresh=true

# the web UI's pictures (docs/images), taken in Chromium by WebUiDocsScreenshotTest against a real server
mvn -B -q test -Dtest=WebUiDocsScreenshotTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dslipway.screenshots="$PWD/docs/images"

git status --short docs/
