# Two entry points for a fresh machine with python3 (3.11+):
#   make report   set up .venv and build the report for YEAR (default 2019) on the bundled data
#   make test     set up .venv and run the test suite
PYTHON ?= python3
YEAR ?= 2019
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: report test bench clean-venv

# pip's own progress (packages, download bars) on a terminal; elsewhere (CI, logs) a line before and after.
PIP_OUTPUT := $(shell [ -t 1 ] && echo "--progress-bar on" || echo "--quiet")

$(STAMP): pyproject.toml
	@echo "qnindex: cài đặt môi trường vào $(VENV) (lần đầu khoảng 1–3 phút) ..."
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@start=$$(date +%s); $(BIN)/python -m pip install $(PIP_OUTPUT) --disable-pip-version-check -e '.[test]' \
	  && echo "qnindex: môi trường đã sẵn sàng ($$(( $$(date +%s) - start )) giây)."
	@touch $(STAMP)

report: $(STAMP)
	$(BIN)/qnindex report --year $(YEAR)

# pytest exits 5 when it collected no test: treat that as a failure, not a pass.
test: $(STAMP)
	$(BIN)/python -m pytest; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: failing"; exit 1; fi; exit $$rc

clean-venv:
	rm -rf $(VENV)

# Benchmarks: what a year's pack costs (prints figures; see README, Performance)
bench: $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test,bench]'
	$(BIN)/python benchmarks/run.py
