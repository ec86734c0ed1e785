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
