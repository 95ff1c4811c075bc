#!/usr/bin/env bash
# Installs everything the tests need on a fresh machine, then runs typecheck, lint and the tests.
# README's second command and .ci/run both call exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== npm ci"
npm ci --no-audit --no-fund

echo "== system packages for the tests"
bash scripts/install-system-deps.sh

echo "== typecheck, lint, tests"
npm run check
