# Xietong — 学校家庭社会协同育人工作平台
# `make help` lists the targets (from the ## comments).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
GO ?= go
BIN := bin/xietong
ADDR ?= 127.0.0.1:8080
export ADDR

.DEFAULT_GOAL := help

.PHONY: help
help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

.PHONY: generate
generate: ## regenerate templ code (go tool templ) and format templates
	$(GO) tool templ fmt -log-level warn .
	$(GO) tool templ generate -log-level warn

.PHONY: build
build: ## build the binary into bin/
	$(GO) tool templ generate -log-level warn
	$(GO) build -o $(BIN) ./cmd/xietong

.PHONY: run
run: build ## build, start PostgreSQL if needed, migrate, seed demo data once, serve on :8080
	@url="$$(bash .ci/pg-url.sh)"; \
	export DATABASE_URL="$$url"; \
	$(BIN) migrate up >/dev/null; \
	$(BIN) seed demo --if-empty; \
	echo; echo "打开 http://$(ADDR) 登录（Ctrl-C 停止）"; echo; \
	exec $(BIN) serve

.PHONY: lint
lint: ## gofmt, go vet, and stale or unformatted templ files
	@out="$$(gofmt -l $$(find . -name '*.go' -not -name '*_templ.go' -not -path './.data/*'))"; \
	if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	@for f in $$(find web -name '*.templ'); do \
		if ! $(GO) tool templ fmt -stdout "$$f" 2>/dev/null | cmp -s - "$$f"; then echo "templ fmt needed: $$f"; exit 1; fi; \
	done
	@$(GO) tool templ generate -check >/dev/null 2>&1 || { echo "generated *_templ.go files are stale: run 'make generate' and commit"; exit 1; }
	$(GO) vet ./...
	$(GO) vet -tags bench ./...
	@if grep -rn 'templ.Raw' --include='*.templ' --include='*.go' web internal cmd | grep -v '_templ.go'; then echo "templ.Raw is banned (XSS)"; exit 1; fi

.PHONY: test
test: lint ## every test against a real PostgreSQL, browser tests included (installs Chromium if missing)
	@bash .ci/browser.sh >/dev/null
	@export TEST_DATABASE_URL="$${TEST_DATABASE_URL:-$$(bash .ci/pg-url.sh postgres)}"; \
	$(GO) test -count=1 -timeout 20m ./...; \
	$(GO) test -count=1 -tags bench -run 'TestAuthzMatrix|TestYardstick' ./internal/server/

.PHONY: bench
bench: ## benchmarks, one package at a time (speed and memory targets live here, not in unit tests)
	@export TEST_DATABASE_URL="$${TEST_DATABASE_URL:-$$(bash .ci/pg-url.sh postgres)}"; \
	$(GO) test -p 1 -tags bench -run '^$$' -bench . -benchmem ./...

.PHONY: clean
clean: ## remove build output and test screenshots
	rm -rf bin test-output
