# Two commands on a fresh machine: `make demo` (set up, read and check the shipped examples) and
# `make test` (set up, install the Debian packages the tests need, run ruff and the suite).
VENV ?= .venv
PY := $(VENV)/bin/python
DEBIAN_PACKAGES := libreoffice-writer-nogui fonts-noto-cjk poppler-utils qpdf postgresql chromium \
	build-essential python3-dev

.PHONY: setup system-deps demo test bench screenshots serve

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $@

# LibreOffice makes the PDFs the tests read; Noto CJK gives them Chinese glyphs; the register's
# store is tested against a throwaway PostgreSQL cluster the tests start and remove themselves.
system-deps:
	@if command -v soffice >/dev/null && command -v pdftoppm >/dev/null && command -v qpdf >/dev/null && command -v chromium >/dev/null \
	    && fc-list 2>/dev/null | grep -qi 'Noto.*CJK' \
	    && ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && command -v gcc >/dev/null \
	    && python3 -c "import sysconfig, os, sys; sys.exit(not os.path.exists(os.path.join(sysconfig.get_paths()['include'], 'Python.h')))"; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
	    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $(DEBIAN_PACKAGES); \
	else \
	    echo "请先安装：sudo apt-get install $(DEBIAN_PACKAGES)"; exit 1; \
	fi

demo: setup
	$(VENV)/bin/gongkai read examples/* -o out/examples.json
	$(VENV)/bin/gongkai read examples/* --format csv -o out/examples.csv
	$(VENV)/bin/gongkai check examples/* -o out/check.txt
	$(VENV)/bin/gongkai check examples/* --format html -o out/check.html
	@echo "已读取并检查 examples/ 下的全部报告：out/examples.json、out/examples.csv、out/check.txt、out/check.html"

test: system-deps setup
	$(VENV)/bin/ruff check .
	$(PY) -m pytest -q

bench: system-deps setup
	$(PY) bench/bench_read.py
	$(PY) bench/bench_pdf.py
	$(PY) bench/bench_check.py

# The workbench's pictures in docs/images/web-*.png, taken by the browser tests.
screenshots: system-deps setup
	GONGKAI_SCREENSHOTS=$(CURDIR)/docs/images $(PY) -m pytest -q tests/test_web_browser.py

# The workbench on SQLite with demo data: http://127.0.0.1:8000/ (logins printed).
serve: setup
	$(VENV)/bin/gongkai serve
