# Two commands on a fresh machine: `make demo` (set up, read and check the shipped examples) and
# `make test` (set up, install the Debian packages the tests need, run ruff and the suite).
VENV ?= .venv
PY := $(VENV)/bin/python
# What building needs: the venv (python3-venv gives `ensurepip`, without which Debian's python3
# cannot create one), a C compiler and the Python headers for the PDF loader's C extension.
BUILD_PACKAGES := build-essential python3-dev python3-venv
DEBIAN_PACKAGES := libreoffice-writer-nogui fonts-noto-cjk poppler-utils qpdf postgresql chromium \
	$(BUILD_PACKAGES)
APT_INSTALL := apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
	--no-install-recommends
HAVE_VENV := python3 -c "import ensurepip, venv" 2>/dev/null
HAVE_COMPILER := command -v gcc >/dev/null && python3 -c "import sysconfig, os, sys; \
	sys.exit(not os.path.exists(os.path.join(sysconfig.get_paths()['include'], 'Python.h')))"
EXTENSION_BUILT := $(PY) -c "import sys; from gongkai.read import pdf_native; sys.exit(not pdf_native.NATIVE)"

.PHONY: setup build-deps system-deps demo test bench screenshots serve

setup: $(VENV)/.installed

# The system packages come before the venv, also under `make -j`: `test`, `bench` and
# `screenshots` need all of them (system-deps), the others only what building needs
# (build-deps), and that only where it can be had.
NEEDS_SYSTEM_DEPS := $(filter test bench screenshots,$(MAKECMDGOALS))

# Rebuilt when the package's declaration or the C extension's source changes. The stamp is
# written only once the extension is built and current: until then every make tries again (a
# compiler installed since is then used), and `make test` fails (test_read_pdf_native.py).
$(VENV)/.installed: pyproject.toml setup.py src/gongkai/read/_pdfwords.c \
		| $(if $(NEEDS_SYSTEM_DEPS),system-deps,build-deps)
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	@if $(EXTENSION_BUILT); then touch $@; else \
	    echo "（PDF 加速模块没有编译：gongkai 照常可用，读取 PDF 较慢；装好编译器后再次运行 make 即可编译。）"; \
	fi

# The compiler and headers for the C extension and the venv's ensurepip: installed if missing
# and we are root. A user who cannot install them still gets a working gongkai (the extension
# is optional: PDFs are then read by the pure-Python path, with a warning), but no venv
# without ensurepip.
build-deps:
	@if $(HAVE_VENV) && $(HAVE_COMPILER); then :; \
	elif [ "$$(id -u)" = 0 ]; then \
	    $(APT_INSTALL) $(BUILD_PACKAGES); \
	elif ! $(HAVE_VENV); then \
	    echo "无法创建虚拟环境（Python 缺少 ensurepip）。请先安装：sudo apt-get install python3-venv"; exit 1; \
	else \
	    echo "没有 C 编译器或 Python 头文件：PDF 加速模块将不编译，读取 PDF 改用纯 Python 实现（结果相同，但更慢）。"; \
	    echo "要启用它，请安装：sudo apt-get install $(BUILD_PACKAGES)，再运行 make。"; \
	fi

# LibreOffice makes the PDFs the tests read; Noto CJK gives them Chinese glyphs; the register's
# store is tested against a throwaway PostgreSQL cluster the tests start and remove themselves;
# the tests need the C extension built (hence the compiler and headers).
system-deps:
	@if command -v soffice >/dev/null && command -v pdftoppm >/dev/null && command -v qpdf >/dev/null && command -v chromium >/dev/null \
	    && fc-list 2>/dev/null | grep -qi 'Noto.*CJK' \
	    && ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && $(HAVE_COMPILER) && $(HAVE_VENV); then :; \
	elif [ "$$(id -u)" = 0 ]; then \
	    $(APT_INSTALL) $(DEBIAN_PACKAGES); \
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
	$(PY) bench/bench_ocr.py

# The workbench's pictures in docs/images/web-*.png, taken by the browser tests.
screenshots: system-deps setup
	GONGKAI_SCREENSHOTS=$(CURDIR)/docs/images $(PY) -m pytest -q tests/test_web_browser.py

# The workbench on SQLite with demo data: http://127.0.0.1:8000/ (logins printed).
serve: setup
	$(VENV)/bin/gongkai serve
