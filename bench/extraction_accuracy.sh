#!/usr/bin/env bash
# Print the extractor's accuracy on the project's labelled corpora with the project's scorers.
# Figures only, no assertions. Usage: bench/extraction_accuracy.sh [--show]
#
# score_extraction.py (quotes, speakers, numeric claims) on news/, polnear-dev/ and the seed;
# score_attribution.py (direct, mixed and indirect attributions, end-to-end) on
# polnear-dev-attrib/, on the two parts of polnear-train-attrib/ (the first 600 articles by
# file name, which the rules and bench/train_cues.py were tuned on, and the last 240, kept
# aside), and on the seed.
set -u
cd "$(dirname "$0")/.."
SHARED="${FACTCHECK_SHARED:-../shared}"
[ -d "$SHARED" ] || SHARED=/work/shared
SHARED="$(cd "$SHARED" && pwd)"
CMD='.venv/bin/python manage.py extract_claims {files} --json'
for corpus in "$SHARED/corpus/news" "$SHARED/corpus/polnear-dev" "$SHARED/seeds"; do
  echo "== $corpus (score_extraction)"
  .venv/bin/python "$SHARED/eval/score_extraction.py" --corpus "$corpus" --cmd "$CMD" "$@" | tail -n 4
done

# The training split's two parts, as folders of links (nothing is copied).
SPLIT="$(mktemp -d)"
trap 'rm -rf "$SPLIT"' EXIT
mkdir -p "$SPLIT/tune" "$SPLIT/held-out"
i=0
for txt in $(ls "$SHARED/corpus/polnear-train-attrib"/*.txt | sort); do
  part=tune
  [ "$i" -ge 600 ] && part=held-out
  ln -s "$txt" "$SPLIT/$part/"
  ln -s "${txt%.txt}.gold.json" "$SPLIT/$part/"
  i=$((i + 1))
done

for corpus in "$SHARED/corpus/polnear-dev-attrib" "$SPLIT/tune" "$SPLIT/held-out" "$SHARED/seeds"; do
  for kinds in direct,mixed indirect direct,mixed,indirect; do
    echo "== $corpus --kinds $kinds (score_attribution)"
    .venv/bin/python "$SHARED/eval/score_attribution.py" --corpus "$corpus" --cmd "$CMD" \
      --kinds "$kinds" "$@" | tail -n 1
  done
done
