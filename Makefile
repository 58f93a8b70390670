# Two entry points for a fresh machine with python3 (3.11+); both call tasks.py, which does the same on Windows
# (`py tasks.py report`, `py tasks.py test`):
#   make report   set up .venv from requirements.lock and build the report for YEAR (default 2019)
#   make test     set up .venv from requirements.lock and run the test suite
PYTHON ?= python3
YEAR ?= 2019

.PHONY: report test setup lab lock bench clean-venv

report:
	$(PYTHON) tasks.py report --year $(YEAR)

test:
	$(PYTHON) tasks.py test

setup:
	$(PYTHON) tasks.py setup

# for researchers: .venv with JupyterLab too (requirements-lab.lock), then JupyterLab opens the notebooks
lab:
	$(PYTHON) tasks.py lab

# refresh requirements.lock and requirements-lab.lock from pyproject.toml (network), then `make setup` installs it
lock:
	$(PYTHON) tasks.py lock

clean-venv:
	rm -rf .venv

# Benchmarks: what a year's pack costs (prints figures; see README, Performance)
bench:
	$(PYTHON) tasks.py bench
