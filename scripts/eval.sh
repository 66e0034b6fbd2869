#!/usr/bin/env bash
# Scores the extractor on the annotated corpus in ../shared (not part of this repository).
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${SHARED_DIR:-../shared}
if [ ! -f "$shared/eval/score.mjs" ]; then
  echo "no scorer at $shared/eval/score.mjs: set SHARED_DIR to the folder that holds corpus/ and eval/" >&2
  exit 2
fi
pred=$(mktemp)
trap 'rm -f "$pred"' EXIT
for set in seed wikinews; do
  npx tsx src/cli.ts extract "$shared/corpus/$set" > "$pred"
  echo "== $set"
  node "$shared/eval/score.mjs" --gold "$shared/corpus/$set" --pred "$pred" "$@"
done
