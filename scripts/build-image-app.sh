#!/usr/bin/env bash
# The application build the Dockerfile's builder stage runs in /app (and test/deploy/image-build
# runs in a clean copy): compile TypeScript to JavaScript beside each source, then drop what the
# runtime does not need — TypeScript sources, tests, benches, dev dependencies.
set -euo pipefail
cd "${1:-.}"
npx --no-install tsc -p tsconfig.build.json
# tsx and vitest are not needed at run time: the compiled entry is bot/cli/entry.js
find bot tools analytics edge-agent -name '*.ts' ! -name '*.d.ts' -delete
rm -rf test bench scripts/*.ts .scratch
if [ "${PRUNE_DEV:-1}" = 1 ]; then npm prune --omit=dev --no-audit --no-fund >/dev/null; fi
node bot/cli/entry.js --help >/dev/null
echo "built: $(find bot tools analytics edge-agent -name '*.js' | wc -l) JavaScript files"
