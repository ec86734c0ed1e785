# The two commands of the README: `make serve` starts Herald, `make test` runs the whole suite.
# Both install what is missing first.
.PHONY: deps test-deps build test serve bench bench-http bench-previews bench-memory fuzz test-tsan test-asan

# Every test run has a deadline (.ci/bounded): past it, the stacks of what still runs are printed and
# the run fails, instead of a hang holding CI. The whole plain suite takes ~2 min, ~4 under a sanitizer.
TEST_DEADLINE ?= 900
SANITIZER_TEST_DEADLINE ?= 1500

deps:
	@bash .ci/install-deps

test-deps:
	@bash .ci/install-deps --test

build: deps
	swift build

test: test-deps
	swift build --build-tests
	.build/debug/herald check --viewport 320,375
	bash .ci/bounded $(TEST_DEADLINE) swift test --skip-build

serve: deps
	swift run -c release herald serve

bench: deps
	python3 -c 'import jinja2' 2>/dev/null || python3 -m pip install -q jinja2 || python3 -m pip install -q --break-system-packages jinja2
	swift run -c release herald-bench --compare-jinja2 --cpu-time

# GET /healthz against Hummingbird 2.28's static route (built outside the repository, .ci/hb-anchor),
# Complete messages per second on one thread: decode, check, render three parts, MIME (herald-compose-bench).
.PHONY: bench-compose
bench-compose: deps
	swift run -c release herald-compose-bench 2000 5

# wrk -t2 -c64, 5 alternating rounds of 10 s each: medians, ratio, p99 (.ci/bench-http).
bench-http: deps
	bash .ci/bench-http

# One preview page against Hummingbird + swift-mustache rendering a ~17 KB email per request (.ci/bench-previews).
bench-previews: deps
	bash .ci/bench-previews

# herald serve: exec to first 200 from /healthz, and RSS with 1,000 open idle connections (.ci/bench_memory.py).
bench-memory: deps
	python3 .ci/bench_memory.py

# Durable accept: Herald's POST /v1/messages against Postfix's smtpd in the same run (.ci/bench-accept).
.PHONY: bench-accept bench-drain
bench-accept: deps
	bash .ci/bench-accept $(BENCH_ROUNDS) $(BENCH_SECONDS)

# A store that already holds 100,000 pending and 1,000,000 sent messages: enqueue and status, against an empty one.
.PHONY: bench-store bench-store-postgres
bench-store: deps
	swift run -c release herald-delivery-bench enqueue --runs 3 --messages 2000 --threads 16 --prefill 100000 --finished 1000000

# The same on a private PostgreSQL server, measured again once the full database has settled (.ci/bench-store-postgres).
bench-store-postgres: deps
	bash .ci/bench-store-postgres

# Delivery: the worker draining 20,000 messages to the outbox and to smtp-sink, against smtp-source (.ci/bench-drain).
bench-drain: deps
	bash .ci/bench-drain $(BENCH_ROUNDS) $(BENCH_MESSAGES)

# Each fuzz target for FUZZ_SECONDS (default 60) on its committed corpus; fails on a crash (.ci/fuzz).
fuzz: test-deps
	bash .ci/fuzz

# The whole suite under ThreadSanitizer / AddressSanitizer, each in its own scratch path. Leak
# detection is off: LeakSanitizer cannot follow Swift pointers that carry enum tag bits, so the
# process-wide `static let` caches (schemas, templates) are reported at every exit of herald.
test-tsan: test-deps
	swift build --build-tests --scratch-path .build-tsan -Xswiftc -sanitize=thread
	bash .ci/bounded $(SANITIZER_TEST_DEADLINE) swift test --skip-build --scratch-path .build-tsan

test-asan: test-deps
	swift build --build-tests --scratch-path .build-asan -Xswiftc -sanitize=address
	ASAN_OPTIONS=detect_leaks=0 bash .ci/bounded $(SANITIZER_TEST_DEADLINE) swift test --skip-build --scratch-path .build-asan

# Fault storm (.ci/storm.py, ~4 min; STORM_SECONDS, HERALD_BIN…) and soak (.ci/soak.py, SOAK_SECONDS, default 600).
.PHONY: storm soak
storm: test-deps
	python3 .ci/storm.py

soak: test-deps
	python3 .ci/soak.py
