# Dossier — build, test and run.
#
#   make deps           system packages for building the CLI (scripts/install-deps.sh base)
#   make frontend       npm ci + vite build in frontend/ (only when sources changed)
#   make build          the CLI binary, no system deps: build/bin/dossier
#   make build-desktop  the desktop binary (GTK/WebKit 4.1) at the same path
#   make test           everything CI checks: vet (also for Windows and macOS), frontend checks,
#                       scripts/test-*.sh, go test
#   make bench          each Go benchmark once (BENCHTIME=1x; override e.g. BENCHTIME=2s), then
#                       issue 9's performance table against baselines of the same run (scripts/bench.sh);
#                       BENCH='Apply100kLocalOps$|OpenToFirstList$' runs some (taken as written)
#   make fuzz           each Go fuzz target for FUZZTIME (default 30s)
#   make stress         full-size fault tests behind the `stress` build tag (e.g. 50 kills
#                       during the import of a 50,000-change bundle); tens of minutes
#   make run            desktop window if a display is available, else `dossier serve`
#   make dist           release files in dist/: Linux .deb, Windows installer, SHA256SUMS and,
#                       with the release key ($$DOSSIER_RELEASE_KEY), its signature (docs/platforms.md)
#   make dist-check     make dist, then install the .deb (in a temporary root; DIST_CHECK=system:
#                       on this machine), run the installed dossier and open its window under Xvfb
#   make vet-cross      go vet for Windows (with the desktop build) and macOS (no cgo)
#   make compat-fixtures  testdata/compat/VERSION/ from this release (once per release)
#   make release-key    a new minisign release key, outside the repository
#   make clean

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := build

export PATH := /usr/local/go/bin:$(HOME)/go/bin:$(PATH)

GO           ?= go
NPM          ?= npm
BIN          := build/bin/dossier
DESKTOP_TAGS := desktop,production,webkit2_41
DEPS         := scripts/install-deps.sh

GOTESTFLAGS  ?= -count=1
BENCH        ?= .
BENCHTIME    ?= 1x
FUZZTIME     ?= 30s

FRONTEND_STAMP := frontend/node_modules/.dossier-installed
FRONTEND_OUT   := frontend/dist/index.html
FRONTEND_SRC   := $(shell find frontend/src frontend/public frontend/wailsjs -type f 2>/dev/null) \
                  $(wildcard frontend/index.html frontend/*.config.ts frontend/*.config.js frontend/tsconfig*.json frontend/package.json)

.PHONY: deps deps-desktop deps-test deps-dist frontend frontend-check build build-desktop \
        test vet go-test test-scripts bench fuzz stress run clean \
        dist dist-check vet-cross compat-fixtures release-key

## System packages --------------------------------------------------------------

deps:
	@$(DEPS) base

deps-desktop:
	@$(DEPS) base desktop

deps-test:
	@$(DEPS) base desktop browser xvfb

deps-dist:
	@$(DEPS) base desktop dist

## Frontend ---------------------------------------------------------------------

$(FRONTEND_STAMP): frontend/package.json frontend/package-lock.json
	cd frontend && $(NPM) ci --no-audit --no-fund
	@touch $@

$(FRONTEND_OUT): $(FRONTEND_STAMP) $(FRONTEND_SRC)
	cd frontend && $(NPM) run build

frontend: $(FRONTEND_OUT)

# Type checks and unit tests, when package.json defines them.
frontend-check: $(FRONTEND_STAMP)
	@cd frontend; \
	has() { node -e 'process.exit(require("./package.json").scripts?.[process.argv[1]] ? 0 : 1)' "$$1"; }; \
	if has check; then $(NPM) run --silent check; fi; \
	if has test; then $(NPM) test; else echo "frontend: no test script"; fi

## Go ---------------------------------------------------------------------------

build:
	@mkdir -p build/bin
	$(GO) build -o $(BIN) .

build-desktop: deps-desktop frontend
	@mkdir -p build/bin
	$(GO) build -tags $(DESKTOP_TAGS) -o $(BIN) .

# The second pass type-checks the desktop-only files (cgo, GTK/WebKit headers).
vet:
	@unformatted=$$(gofmt -l app main.go); if [ -n "$$unformatted" ]; then echo "gofmt needed:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet ./...
	$(GO) vet -tags $(DESKTOP_TAGS) ./...

go-test:
	$(GO) test $(GOTESTFLAGS) ./...

## Checks -----------------------------------------------------------------------

# Extra suites (CLI end-to-end, headless browser, Xvfb window...) live in
# scripts/test-*.sh; each exits non-zero on failure.
test-scripts:
	@shopt -s nullglob; \
	for s in scripts/test-*.sh; do \
		echo "== $$s"; \
		bash "$$s"; \
	done

# go test runs last so that its summary is the final output.
test: deps-test frontend
	$(MAKE) --no-print-directory vet
	$(MAKE) --no-print-directory vet-cross
	$(MAKE) --no-print-directory frontend-check
	$(MAKE) --no-print-directory test-scripts
	$(MAKE) --no-print-directory go-test

bench: frontend
	scripts/bench.sh '$(value BENCH)' $(BENCHTIME)

# Lists every Fuzz* target per package (go test -list prints the names, then
# "ok <pkg>"), then runs each one alone for FUZZTIME.
fuzz:
	@targets=$$($(GO) test -list 'Fuzz.*' ./... | awk '/^Fuzz/ { names[n++] = $$1; next } /^ok/ { for (i = 0; i < n; i++) print $$2, names[i]; n = 0 }'); \
	if [ -z "$$targets" ]; then echo "fuzz: no fuzz targets"; exit 0; fi; \
	while read -r pkg name; do \
		echo "== fuzz $$pkg $$name ($(FUZZTIME))"; \
		$(GO) test -run '^$$' -fuzz "^$$name\$$" -fuzztime $(FUZZTIME) "$$pkg"; \
	done <<< "$$targets"

# Tests too heavy for every run; go test selects them with -tags stress.
stress: frontend
	$(GO) test -tags stress -count=1 -timeout 90m -run 'Stress' ./...

## Run --------------------------------------------------------------------------

run: deps frontend build-desktop
	@if [ -n "$${DISPLAY:-}" ] || [ -n "$${WAYLAND_DISPLAY:-}" ]; then \
		exec ./$(BIN); \
	else \
		echo "no display: starting browser mode"; \
		exec ./$(BIN) serve; \
	fi

## Release (not part of `make test`) -----------------------------------------------

# The Windows and macOS builds are cross-compiled or not built at all here: vet checks that
# no Linux-only call escaped a build-tagged file. The macOS window needs cgo (a Mac), so only
# the packages without it are vetted for darwin.
vet-cross:
	GOOS=windows GOARCH=amd64 $(GO) vet ./...
	GOOS=windows GOARCH=amd64 $(GO) vet -tags desktop,production ./...
	GOOS=darwin GOARCH=arm64 CGO_ENABLED=0 $(GO) vet ./...

dist: deps-dist frontend vet-cross
	scripts/dist.sh

dist-check: dist deps-test
	scripts/dist-check.sh

compat-fixtures:
	scripts/compat-fixtures.sh

RELEASE_KEY ?= $(or $(DOSSIER_RELEASE_KEY),$(HOME)/.config/dossier/release/dossier-release.key)
release-key: deps-dist
	@if [ -e "$(RELEASE_KEY)" ]; then echo "release-key: $(RELEASE_KEY) exists; not replacing it"; exit 1; fi
	@case "$$(realpath -m "$(RELEASE_KEY)")/" in "$$(pwd -P)"/*) echo "release-key: keep the key outside the repository"; exit 1;; esac
	mkdir -p "$$(dirname "$(RELEASE_KEY)")" && chmod 700 "$$(dirname "$(RELEASE_KEY)")"
	minisign -G -s "$(RELEASE_KEY)" -p "$(basename $(RELEASE_KEY)).pub"
	mkdir -p build/release && cp "$(basename $(RELEASE_KEY)).pub" build/release/dossier-release.pub
	@echo "release-key: secret key $(RELEASE_KEY) (back it up offline); commit build/release/dossier-release.pub"

clean:
	rm -rf build/bin artifacts dist
	find frontend/dist -mindepth 1 ! -name .gitkeep -exec rm -rf {} + 2>/dev/null || true
	rm -f $(FRONTEND_STAMP)
