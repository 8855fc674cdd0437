# Two commands: `make book` and `make test`. Both create .venv (Python >= 3.11) and
# install the pinned requirements and mdm_lib on first use, then skip that step
# until requirements.txt or pyproject.toml change.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: book test bench notebooks clean

book: $(STAMP)
	$(BIN)/jupyter-book build -W -n --keep-going .
	$(BIN)/python tools/check_offline.py _build/html
	@echo "Front page: file://$(CURDIR)/_build/html/index.html"

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	for script in benchmarks/*.py; do $(BIN)/python $$script || exit 1; done

# Re-execute every chapter notebook in place, keep its outputs (nbval compares them) and strip the rest; the
# notebooks rewrite figures/, and the figures page is regenerated from their captions. Commit the result.
notebooks: $(STAMP)
	cd notebooks && for nb in *.ipynb; do \
	  ../$(BIN)/jupyter execute --inplace $$nb && ../$(BIN)/nbstripout --keep-output --keep-count $$nb || exit 1; \
	done
	$(BIN)/python tools/figures_page.py

$(STAMP): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "Python >= 3.11 is needed; run make PYTHON=/path/to/python3.11"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

clean:
	rm -rf _build
