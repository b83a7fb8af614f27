# Every go command here runs on Go 1.27, fetched through the module proxy if needed.
export GOTOOLCHAIN := go1.27.3

HTTP ?= 127.0.0.1:8090
PKGS := ./...

.PHONY: run build test vet fmt-check

## run: build the binary and serve on $(HTTP) with the embedded SQLite in ./pb_data
run: build
	./nezuko serve --http=$(HTTP)

## build: compile the single nezuko binary (dashboard embedded)
build:
	go build -o nezuko .

## test: formatting, vet, and every Go test (race detector on the concurrent packages)
test: fmt-check vet
	go test -count=1 $(PKGS)
	go test -count=1 -race ./secret/ ./config/ $(wildcard ./telegramtest/)

vet:
	go vet $(PKGS)

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
