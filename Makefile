# Every go command here runs on Go 1.27, fetched through the module proxy if needed.
export GOTOOLCHAIN := go1.27.3

HTTP ?= 127.0.0.1:8090
PKGS := ./...

.PHONY: run demo build test stress vet fmt-check ui ui-check

## run: build the binary and serve on $(HTTP) with the embedded SQLite in ./pb_data
run: build
	./nezuko serve --http=$(HTTP)

## demo: serve on $(HTTP) against an in-process fake Telegram with a demo bot and simulated users
demo: build
	./nezuko demo --http=$(HTTP)

## build: compile the single nezuko binary (dashboard embedded)
build:
	go build -o nezuko .

## test: formatting, vet, the dashboard rebuild check, and every Go test (race detector on
## the concurrent packages; tests/e2e/ drives the dashboard in headless Chromium)
test: fmt-check vet ui-check
	go test -count=1 $(PKGS)
	go test -count=1 -race ./secret/ ./config/ ./tests/telegramtest/ ./logwriter/ ./botmanager/ ./gatekeeper/

## stress: the long part of the reliability suite (RELIABILITY.md): load, Telegram faults,
## crashes, database pressure and secrets with NEZUKO_STRESS=1, then every Go fuzz target
## for FUZZTIME each (default 30s); prints a summary table
FUZZTIME ?= 30s
stress:
	FUZZTIME=$(FUZZTIME) bash scripts/stress.sh

vet:
	go vet $(PKGS)

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

## ui: rebuild the dashboard (ui/, Preact + Vite) into pb_public/ (needs node and npm)
ui:
	cd ui && npm ci --no-audit --no-fund && npm run build

## ui-check: rebuild the dashboard and fail if the committed pb_public/ differs from it
ui-check:
	@if command -v npm >/dev/null 2>&1; then \
		$(MAKE) --no-print-directory ui || exit 1; \
		if [ -n "$$(git status --porcelain -- pb_public)" ]; then \
			git status --short -- pb_public; \
			echo "pb_public/ differs from a fresh build of ui/: run 'make ui' and commit pb_public/"; exit 1; \
		fi; \
	elif [ "$$CI" = "true" ]; then echo "npm is missing: the dashboard cannot be rebuilt"; exit 1; \
	else echo "!!! npm not found: the dashboard rebuild check did NOT run"; fi
