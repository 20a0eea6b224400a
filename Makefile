# The two commands of the README:
#   make run   installs what is missing, builds, creates the demo database
#              if absent and serves it on http://127.0.0.1:8080 (parindex ui)
#   make test  installs what the tests need, builds, runs every suite
# Other targets: build, asan (sanitizer build + tests), bench, clean.

BUILD   ?= build
DB      ?= parindex.db
JOBS    ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: all build run test asan bench clean deps test-deps

all: build

deps:
	@scripts/install-deps

test-deps:
	@scripts/install-deps --test

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD) -j$(JOBS)

run: build
	@./$(BUILD)/parindex --db $(DB) ui

# Every suite on the normal build, then again under ASan and UBSan (the
# browser tests only once: they test pages, not memory).
test: test-deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD) -j$(JOBS)
	@cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DPARINDEX_SANITIZE=ON >/dev/null
	@cmake --build build-asan -j$(JOBS)
	@cd build-asan && ctest --output-on-failure -j$(JOBS) -E '^e2e\.'
	@cd $(BUILD) && ctest --output-on-failure -j$(JOBS)

asan: test-deps
	@cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DPARINDEX_SANITIZE=ON >/dev/null
	@cmake --build build-asan -j$(JOBS)
	@cd build-asan && ctest --output-on-failure -j$(JOBS)

bench: build
	@cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release >/dev/null
	@cmake --build build-release -j$(JOBS)
	@for b in build-release/bench_*; do [ -x "$$b" ] && "$$b"; done
	@bench/http/run.sh build-release/parindex

clean:
	rm -rf $(BUILD) build-asan build-release
