# Two commands do everything on a fresh Debian 12 machine (as root):
#   make demo   install what is missing, build, run a server and walk an
#               initiative through the CLI (data left in demo-data/)
#   make test   install, build normally and with ASan+UBSan, run all tests
# `make check` runs the normal build's tests only (quicker, for development);
# `make valgrind` runs them and skd under Valgrind; `make bench` measures.

BUILD      ?= build
ASAN_BUILD ?= build-asan
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
DEMO_DIR   ?= demo-data

# Debian packages the build, the tests and the demo need.
DEB_PACKAGES = cmake make gcc pkg-config protobuf-c-compiler libprotobuf-c-dev \
               libssl-dev openssl liblmdb-dev lmdb-utils libevent-dev \
               libncurses-dev libunistring-dev valgrind faketime gettext tmux \
               man-db groff-base systemd \
               libxlsxwriter-dev python3-openpyxl python3 \
               libcairo2-dev libpango1.0-dev fonts-liberation libqrencode-dev \
               poppler-utils zbar-tools

.PHONY: all deps build build-asan demo test check valgrind fuzz bench lint clean deb

all: build

deps:
	@missing=$$(for p in $(DEB_PACKAGES); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; \
	done); \
	if [ -n "$$missing" ]; then \
		echo "installing:" $$missing; \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

build: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo
	cmake --build $(BUILD) -j $(JOBS)

build-asan: deps
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DSK_SANITIZE=ON
	cmake --build $(ASAN_BUILD) -j $(JOBS)

demo: build
	SKD=$(BUILD)/skd SK=$(BUILD)/sk tests/demo.sh $(DEMO_DIR)

check: build
	ctest --test-dir $(BUILD) --output-on-failure

test: build build-asan
	ctest --test-dir $(BUILD) --output-on-failure
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		ctest --test-dir $(ASAN_BUILD) --output-on-failure

# Memcheck over the unit tests and over skd in the integration scripts.
valgrind: build
	BUILD=$(BUILD) tests/valgrind.sh

# libFuzzer targets (clang), each run for FUZZ_SECONDS; crashes stop it.
FUZZ_BUILD   ?= build-fuzz
FUZZ_SECONDS ?= 60
fuzz:
	$(MAKE) deps DEB_PACKAGES="$(DEB_PACKAGES) clang"
	CC=clang cmake -S . -B $(FUZZ_BUILD) -DCMAKE_BUILD_TYPE=Debug -DSK_FUZZ=ON
	cmake --build $(FUZZ_BUILD) -j $(JOBS) --target fuzz_text fuzz_date fuzz_note fuzz_request fuzz_export
	for t in fuzz_text fuzz_date fuzz_note fuzz_request fuzz_export; do \
		mkdir -p $(FUZZ_BUILD)/corpus/$$t && \
		$(FUZZ_BUILD)/tests/$$t -max_total_time=$(FUZZ_SECONDS) -max_len=4096 \
			$(FUZZ_BUILD)/corpus/$$t || exit 1; \
	done

# Style and bug-finding checks over every C file: clang-format
# (.clang-format) and clang-tidy (.clang-tidy, on the build's compile
# commands). Both must be silent.
C_FILES = $(wildcard common/*.[ch] server/*.[ch] client/*.[ch] tests/*.[ch] tests/fuzz/*.[ch])
TIDY_FILES = $(wildcard common/*.c server/*.c client/*.c tests/*.c)
lint: build
	$(MAKE) deps DEB_PACKAGES="clang-format clang-tidy"
	clang-format --dry-run -Werror $(C_FILES)
	clang-tidy -p $(BUILD) --quiet $(TIDY_FILES) 2>&1 | \
		grep -v -e 'warnings\? generated' -e 'Suppressed' -e 'header-filter' | \
		{ ! grep .; }

# A Debian package (prefix /usr): programs, data, man pages, catalogue,
# the systemd unit and /etc/sk/skd.conf; it makes user sk and /var/lib/sk.
DEB_BUILD ?= build-deb
deb:
	$(MAKE) deps DEB_PACKAGES="$(DEB_PACKAGES) dpkg-dev"
	cmake -S . -B $(DEB_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_INSTALL_PREFIX=/usr
	cmake --build $(DEB_BUILD) -j $(JOBS)
	cd $(DEB_BUILD) && cpack -G DEB
	@ls -l $(DEB_BUILD)/*.deb

# Benchmarks print figures and compare against a baseline in the same run,
# and against PostgreSQL 15 under the same loads (installed here when
# missing; bench.sh ends with the table of both).
bench: build
	tests/bench_pg.sh install
	$(BUILD)/tests/bench_tlog 1000000
	SKD=$(BUILD)/skd $(BUILD)/tests/bench_index 1000000 1000000
	BENCH_PG=1 SKD=$(BUILD)/skd SK=$(BUILD)/sk BENCH=$(BUILD)/tests/bench_write tests/bench.sh

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD) $(DEB_BUILD) $(DEMO_DIR)
