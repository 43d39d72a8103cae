#!/usr/bin/env bash
# Makes again what docs/ holds that the code produces: the web UI's pictures (docs/images), taken in
# Chromium by WebUiDocsScreenshotTest against a real server. Needs Docker and the base images
# (scripts/start-docker.sh, scripts/base-images.sh). Check the pictures with `git diff --stat` after.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [ -z "${JAVA_HOME:-}" ] && [ -d /usr/lib/jvm/temurin-25-jdk-amd64 ]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
mvn -B -q test -Dtest=WebUiDocsScreenshotTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dslipway.screenshots="$PWD/docs/images"
ls -l docs/images
