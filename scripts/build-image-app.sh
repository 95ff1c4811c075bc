#!/usr/bin/env bash
# The application build the Dockerfile's builder stage runs in /app after `npm ci` (and
# test/deploy/image.test.ts runs in a clean copy of the build context): compile to dist/ (the
# package's own `npm run build`), then drop what the runtime does not need — the TypeScript
# sources (data files beside them, such as prompts, stay), tests, benches, dev dependencies —
# and check that the compiled CLI answers.
set -euo pipefail
cd "${1:-.}"
npm run build --silent
find bot tools analytics edge-agent -name '*.ts' ! -name '*.d.ts' -delete
rm -rf test bench .scratch scripts/*.ts
if [ "${PRUNE_DEV:-1}" = 1 ]; then npm prune --omit=dev --ignore-scripts --no-audit --no-fund >/dev/null; fi
HEADROOM_TSX=0 node bin/headroom.js --help >/dev/null
echo "built: $(find dist -name '*.js' | wc -l) JavaScript files"
