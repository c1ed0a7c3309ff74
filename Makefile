# The two set-up commands of the README (run, test) and a few helpers (lint, packaging).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

DESKTOP_ID := org.dossier.Dossier
XDG_DATA_HOME ?= $(HOME)/.local/share

.PHONY: run test lint bench clean icons dist install-desktop uninstall-desktop window-libraries

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Dossier needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(VENV)/.installed $@

$(VENV)/.installed-dist: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dist]'
	touch $(VENV)/.installed $@

run: window-libraries
	$(BIN)/dossier

# The system libraries Qt's platform plugin needs and this machine lacks, read from the plugin
# itself: installed as root on Debian or Ubuntu, else the command that installs them is printed.
# By default the plugin this session would use; QT_PLATFORM=xcb names one (CI checks X11's for
# the tests' own X server, whatever the session).
window-libraries: $(VENV)/.installed
	$(BIN)/python -m desktop_app.display $(if $(QT_PLATFORM),--platform $(QT_PLATFORM))

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

bench: $(VENV)/.installed-test
	$(BIN)/python -m benchmarks --documents 100000 --json .benchmarks/last.json

# Renders resources/icons/dossier.svg into the PNG, .ico and .icns files (commit them).
icons: $(VENV)/.installed
	$(BIN)/python packaging/render_icons.py

# A one-folder application bundle for this machine in dist/dossier/ (slow: not part of test).
dist: $(VENV)/.installed-dist
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN \
		--distpath dist --workpath build/pyinstaller packaging/dossier.spec
	@du -sh dist/dossier

# The desktop entry, AppStream metainfo and icons for the current user, launching this checkout.
install-desktop: $(VENV)/.installed
	install -d "$(XDG_DATA_HOME)/applications" "$(XDG_DATA_HOME)/metainfo"
	sed -e 's|^Exec=dossier|Exec="$(CURDIR)/$(BIN)/dossier"|' \
		-e 's|^TryExec=dossier|TryExec=$(CURDIR)/$(BIN)/dossier|' \
		packaging/linux/$(DESKTOP_ID).desktop > "$(XDG_DATA_HOME)/applications/$(DESKTOP_ID).desktop"
	install -m 644 packaging/linux/$(DESKTOP_ID).metainfo.xml "$(XDG_DATA_HOME)/metainfo/"
	for png in resources/icons/dossier-*.png; do \
		size=$${png##*-}; size=$${size%.png}; \
		install -D -m 644 "$$png" "$(XDG_DATA_HOME)/icons/hicolor/$${size}x$${size}/apps/$(DESKTOP_ID).png"; \
	done
	install -D -m 644 resources/icons/dossier.svg \
		"$(XDG_DATA_HOME)/icons/hicolor/scalable/apps/$(DESKTOP_ID).svg"
	-update-desktop-database -q "$(XDG_DATA_HOME)/applications" 2>/dev/null
	-gtk-update-icon-cache -q -t "$(XDG_DATA_HOME)/icons/hicolor" 2>/dev/null

uninstall-desktop:
	rm -f "$(XDG_DATA_HOME)/applications/$(DESKTOP_ID).desktop" \
		"$(XDG_DATA_HOME)/metainfo/$(DESKTOP_ID).metainfo.xml" \
		"$(XDG_DATA_HOME)"/icons/hicolor/*/apps/$(DESKTOP_ID).png \
		"$(XDG_DATA_HOME)/icons/hicolor/scalable/apps/$(DESKTOP_ID).svg"
	-update-desktop-database -q "$(XDG_DATA_HOME)/applications" 2>/dev/null
	-gtk-update-icon-cache -q -t "$(XDG_DATA_HOME)/icons/hicolor" 2>/dev/null

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache
