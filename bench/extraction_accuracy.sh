#!/usr/bin/env bash
# Print the extractor's accuracy on the project's labelled corpora with the project's scorer.
# Figures only, no assertions. Usage: bench/extraction_accuracy.sh [--show]
set -u
cd "$(dirname "$0")/.."
SHARED="${FACTCHECK_SHARED:-../shared}"
[ -d "$SHARED" ] || SHARED=/work/shared
CMD='.venv/bin/python manage.py extract_claims {files} --json'
for corpus in "$SHARED/corpus/news" "$SHARED/corpus/polnear-dev" "$SHARED/seeds"; do
  echo "== $corpus"
  .venv/bin/python "$SHARED/eval/score_extraction.py" --corpus "$corpus" --cmd "$CMD" "$@" | tail -n 4
done
