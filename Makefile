# The two commands of the README: `make serve` starts Herald, `make test` runs the whole suite.
# Both install what is missing first.
.PHONY: deps test-deps build test serve bench

deps:
	@bash .ci/install-deps

test-deps:
	@bash .ci/install-deps --test

build: deps
	swift build

test: test-deps
	swift build --build-tests
	.build/debug/herald check
	swift test --skip-build

serve: deps
	swift run -c release herald serve

bench: deps
	swift run -c release herald-bench

# Fault storm (.ci/storm.py, ~4 min; STORM_SECONDS, HERALD_BIN…) and soak (.ci/soak.py, SOAK_SECONDS, default 600).
.PHONY: storm soak
storm: test-deps
	python3 .ci/storm.py

soak: test-deps
	python3 .ci/soak.py
