# Commandes du projet. `make site` et `make test` suffisent sur une machine neuve.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
TESTSTAMP := $(VENV)/.installed-test
export NO_MKDOCS_2_WARNING := 1

.PHONY: site check serve test test-fast bench schemas clean help

help:
	@echo "make site    construire le site dans site/ (installe ce qu'il faut)"
	@echo "make check   valider content/ et data/ (rapide)"
	@echo "make serve   prévisualiser avec rechargement automatique"
	@echo "make test    installer les besoins des tests et lancer tous les tests"
	@echo "make bench   mesurer la construction à 10 000 entreprises"

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c requirements.lock -e .
	touch $@

$(TESTSTAMP): $(STAMP)
	$(PY) -m pip install --quiet -c requirements.lock -e '.[test]'
	touch $@

site: $(STAMP)
	$(PY) -m generator build

# CHECK_ARGS="--format github" : annotations de pull request (voir ci.yml)
check: $(STAMP)
	$(PY) -m generator check $(CHECK_ARGS)

serve: $(STAMP)
	$(PY) -m generator serve

schemas: $(STAMP)
	$(PY) -m generator schemas

test: $(TESTSTAMP)
	@test -x /usr/bin/chromium || sh tests/install-chromium.sh
	$(PY) -m pytest -n 2 -q

test-fast: $(TESTSTAMP)
	$(PY) -m pytest -q -m "not browser"

bench: $(TESTSTAMP)
	$(PY) benchmarks/bench.py

clean:
	rm -rf site .site-* $(VENV)
