#!/usr/bin/env bash
# Copyright (c) 2026 The durable authors
# Distributed under the Boost Software License, Version 1.0.
#
# One entry point for people and CI. Each verb installs what is missing
# (and only that), configures once (again when DURABLE_WERROR changes)
# and builds incrementally.
#
#   ./build.sh deps    install the Debian packages the build and tests use
#   ./build.sh build   configure and build with CMake
#   ./build.sh test    build, then run every test through ctest
#   ./build.sh demo    build, then a narrated run of the tool and the example daemon
#   ./build.sh tsan    build under ThreadSanitizer, run the asynchronous tests
#   ./build.sh b2      build and run the tests with b2 and clang instead of
#                      CMake and g++, warnings as errors
#   ./build.sh examples  build the examples and the tool in Release with the
#                      shared library, warnings as errors unless
#                      DURABLE_WERROR=OFF; check what the library exports
#   ./build.sh bench   build in Release and run the benchmarks (bench/); as root,
#                      the replace benchmark on ext4, xfs and btrfs loop images too;
#                      or one of them, with its options: bench replace|async|config|typed|update|batch|uring ...
#                      or bench file-systems [--program NAME] [root|ext4|xfs|btrfs...] [-- OPTIONS] (root)
#   ./build.sh crash   build, then the system harness as root (test/system/run.sh [TIER...])
#   ./build.sh fuzz    build with clang, then libFuzzer on the config loader (test/fuzz/) [SECONDS, default 60]
#   ./build.sh windows cross-build the library, the tool, the examples and the
#                      tests for Windows with MinGW-w64 and run the portable
#                      tests under Wine (build/windows)
#   ./build.sh clean   remove the build directories
#
# Environment: DURABLE_BUILD_TYPE (Debug, Release, ...; default
# RelWithDebInfo), DURABLE_SHARED (ON: the shared library; default OFF),
# DURABLE_SANITIZE (for -fsanitize=, e.g. address,undefined),
# DURABLE_WERROR (ON: warnings are errors; default OFF), DURABLE_TEST_DIR
# (where the tests make their temporary directories), DURABLE_WINDOWS_EXCLUDE
# (a ctest regular expression: the tests `./build.sh windows` leaves out).

set -euo pipefail
cd "$(dirname "$0")"

packages=(
    g++ clang cmake ninja-build
    libboost1.81-dev libboost-json1.81-dev libboost-test1.81-dev libboost1.81-tools-dev
    liburing-dev
    strace util-linux
)
# The system harness also makes xfs and btrfs file systems; its hostile tier
# sets ACLs and attributes and measures memory (hostile.sh).
crash_packages=(xfsprogs btrfs-progs e2fsprogs acl attr time)
# The Windows cross-build: MinGW-w64 with POSIX threads (std::thread and
# std::mutex need them) and Wine to run what it builds.
windows_packages=(g++-mingw-w64-x86-64-posix wine64)
# The benchmarks compare with GLib and run on the same loop images.
bench_packages=(libglib2.0-dev pkg-config xfsprogs btrfs-progs e2fsprogs)

build_type=${DURABLE_BUILD_TYPE:-RelWithDebInfo}
sanitize=${DURABLE_SANITIZE:-}
shared=${DURABLE_SHARED:-OFF}
werror=${DURABLE_WERROR:-OFF}
set_build_dir() {
    build_dir=build/${build_type,,}${sanitize:+-${sanitize//,/-}}
    if [ "$shared" = ON ]; then build_dir+=-shared; fi
}
set_build_dir
jobs=$(nproc 2>/dev/null || echo 2)

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

deps() {
    local missing=()
    for p in "${packages[@]}" "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    if [ ${#missing[@]} -eq 0 ]; then
        return
    fi
    say "installing ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# The build type and the sanitizers name the build directory; DURABLE_WERROR
# does not (a build with and one without would build the same objects
# twice), so a change of it configures again.
configure() {
    if [ ! -f "$build_dir/build.ninja" ] ||
        ! grep -qx "DURABLE_WERROR:BOOL=$werror" "$build_dir/CMakeCache.txt"; then
        cmake -S . -B "$build_dir" -G Ninja \
            -DCMAKE_BUILD_TYPE="$build_type" \
            -DBUILD_SHARED_LIBS="$shared" \
            -DDURABLE_SANITIZE="$sanitize" \
            -DDURABLE_WERROR:BOOL="$werror" "$@"
    fi
}

# build [TARGET...]: everything, or the targets named.
build() {
    deps
    configure
    cmake --build "$build_dir" -j "$jobs" ${1:+--target "$@"}
}

run_tests() {
    build
    say "tests ($build_type${sanitize:+, sanitizers: $sanitize})"
    # Sanitizers stop at the first error, so that nothing is reported twice
    # and the failing test is the one that shows.
    ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0} \
    UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
        ctest --test-dir "$build_dir" --output-on-failure -j "$jobs"
}

# The tests of the code that runs on several threads: the saver, the batch,
# the asynchronous save and the live configuration. Optimised, so that their
# thousands of saves stay quick.
# Only their programs are built (and the daemon live_config's test stops).
tsan() {
    build_type=RelWithDebInfo
    sanitize=thread
    set_build_dir
    local tests=(async_write_file async_write_files saver saver_release config_file live_config write_files)
    build "${tests[@]/#/test_}" slow_reload_daemon
    say "asynchronous tests under ThreadSanitizer"
    local names=${tests[*]}
    TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=1:second_deadlock_stack=1:suppressions=$(pwd)/test/tsan.supp} \
        ctest --test-dir "$build_dir" --output-on-failure -j "$jobs" -R "^(${names// /|})\$"
}

# With clang, so that CI builds with both compilers (CMake uses g++), and
# warnings as errors.
b2_build() {
    deps
    say "b2 with clang: library, tests, tool and examples"
    b2 toolset=clang warnings-as-errors=on -j"$jobs" -q
    say "b2 test"
    b2 toolset=clang warnings-as-errors=on -j"$jobs" -q test
}

# The examples and the tool as users ship them: in Release, with warnings
# as errors unless DURABLE_WERROR says otherwise (a warning that durable's
# headers cause in user code fails), and linked with the shared library,
# which exports only what the headers mark DURABLE_DECL: a program that
# needs anything else fails to link here. Then install_package uses the
# installed shared library as a package and checks its symbol table.
examples() {
    build_type=Release
    sanitize=
    shared=ON
    set_build_dir
    werror=${DURABLE_WERROR:-ON}
    deps
    configure
    say "examples and the tool in Release, with the shared library, warnings as errors"
    cmake --build "$build_dir" -j "$jobs" --target examples durable_tool
    ctest --test-dir "$build_dir" --output-on-failure -R '^install_package$'
}

# The suite tier (the default runs it) needs the unit tests; the others need
# only the tool and the harness's programs.
crash() {
    deps "${crash_packages[@]}"
    if [ $# -eq 0 ] || [[ " $* " == *" suite "* ]]; then
        build
    else
        build system_harness
    fi
    as_root bash test/system/run.sh "$build_dir" "$@"
}

# ./build.sh bench [replace|async|config|typed|update|batch|uring|file-systems [OPTIONS]]:
# every program, or one with its options (--help lists them). GLib is
# installed for the replace benchmark's second baseline, the file system
# tools for its loop images.
bench() {
    build_type=Release
    sanitize=
    set_build_dir
    deps "${bench_packages[@]}"
    build
    say "benchmarks (on $(df -h --output=source,fstype . | tail -1))"
    case "${1:-}" in
        replace) shift; "$build_dir"/bench/durable_bench_replace "$@" ;;
        async) shift; "$build_dir"/bench/durable_bench_async "$@" ;;
        config) shift; "$build_dir"/bench/durable_bench_config "$@" ;;
        typed) shift; "$build_dir"/bench/durable_bench_typed "$@" ;;
        update) shift; "$build_dir"/bench/durable_bench_update "$@" ;;
        batch) shift; "$build_dir"/bench/durable_bench_batch "$@" ;;
        uring) shift; "$build_dir"/bench/durable_bench_uring "$@" ;;
        file-systems) shift; as_root bash bench/file_systems.sh "$build_dir" "$@" ;;
        "") if [ "$(id -u)" -eq 0 ]; then
                bash bench/file_systems.sh "$build_dir"
            else
                "$build_dir"/bench/durable_bench_replace
            fi
            "$build_dir"/bench/durable_bench_async
            "$build_dir"/bench/durable_bench_config
            "$build_dir"/bench/durable_bench_typed
            "$build_dir"/bench/durable_bench_update
            "$build_dir"/bench/durable_bench_batch
            "$build_dir"/bench/durable_bench_uring ;;
        *) echo "build.sh bench: replace, async, config, typed, update, batch, uring or file-systems, then their options" >&2; exit 2 ;;
    esac
}

# Wine runs the tests headless, without a display and without asking
# anything: its prefix (its C: drive and registry) is made once under the
# build directory, away from the user's own ~/.wine, and its debug channels
# are silent. One wineserver is kept running while the tests run, so that
# each test program starts in a fraction of a second instead of seconds; it
# is stopped when the script ends, however it ends.
#
# Optimised at -O2, as RelWithDebInfo is, without its debug information:
# nothing reads it under Wine, and it made the test programs' objects eight
# times larger and a third slower to compile (test/saver.cpp: 24.5 s with
# -g, 15.7 s without), which kept CI over its 30 minutes.
windows() {
    build_type=Release
    sanitize=
    deps "${windows_packages[@]}"
    local dir=build/windows
    if [ ! -f "$dir/build.ninja" ] ||
        ! grep -qx "DURABLE_WERROR:BOOL=$werror" "$dir/CMakeCache.txt" ||
        ! grep -qx "CMAKE_BUILD_TYPE:STRING=$build_type" "$dir/CMakeCache.txt"; then
        cmake -S . -B "$dir" -G Ninja \
            -DCMAKE_TOOLCHAIN_FILE=cmake/mingw-w64.cmake \
            -DCMAKE_BUILD_TYPE="$build_type" \
            -DCMAKE_CXX_FLAGS_RELEASE="-O2 -DNDEBUG" \
            -DDURABLE_BUILD_BENCH=OFF \
            -DDURABLE_BUILD_TOOLS=ON \
            -DDURABLE_BUILD_EXAMPLES=ON \
            -DDURABLE_WERROR:BOOL="$werror"
    fi
    say "cross-building for Windows (MinGW-w64)"
    cmake --build "$dir" -j "$jobs"
    export WINEPREFIX=$(pwd)/$dir/wine-prefix WINEDEBUG=-all WINEDLLOVERRIDES='mscoree,mshtml=' DISPLAY=
    # Debian's wine64 keeps its programs out of PATH.
    local wine=/usr/lib/wine/wine64 wineserver=/usr/lib/wine/wineserver64
    if [ ! -d "$WINEPREFIX/drive_c/windows" ]; then
        say "making the Wine prefix"
        "$wine" wineboot --init >/dev/null 2>&1
        # Wine goes on setting the prefix up after wineboot returns; a test
        # started meanwhile can hang.
        "$wineserver" -w
    fi
    # Exits with 2 when one already runs for this prefix: that one serves.
    "$wineserver" -p || [ $? -eq 2 ]
    # The first programs of a new wineserver start Wine's services; two
    # tests doing that at once can hang. One program first starts them.
    "$wine" wineboot >/dev/null 2>&1
    trap "\"$wineserver\" -k 2>/dev/null || true" EXIT
    say "tests under Wine"
    # A test that hangs under Wine fails instead of holding CI up.
    ctest --test-dir "$dir" --output-on-failure -j "$jobs" --timeout 120 \
        ${DURABLE_WINDOWS_EXCLUDE:+-E "$DURABLE_WINDOWS_EXCLUDE"}
}

# ./build.sh fuzz [SECONDS]: the libFuzzer program of test/fuzz/, built with
# clang in build/fuzz. It starts from a copy of the seeds of
# test/fuzz/corpus/ and what earlier runs added to it in build/fuzz/corpus
# (the committed corpus is only read), and leaves a crashing input in
# build/fuzz/artifacts/.
fuzz() {
    local seconds=${1:-60}
    deps clang libclang-rt-14-dev
    local dir=build/fuzz
    if [ ! -f "$dir/build.ninja" ]; then
        cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
            -DCMAKE_CXX_COMPILER=clang++ -DDURABLE_BUILD_FUZZERS=ON
    fi
    cmake --build "$dir" --target fuzz_config_loader -j "$jobs"
    mkdir -p "$dir/corpus" "$dir/artifacts"
    cp test/fuzz/corpus/* "$dir/corpus/"
    say "fuzzing the config loader for ${seconds}s (log: $dir/fuzz.log)"
    # Configurations are small: the largest seed, every member of the
    # settings, is 1 KiB; 4 KiB leaves room to grow and keeps runs quick.
    local status=0
    "$dir/test/fuzz/fuzz_config_loader" "$dir/corpus" \
        -max_total_time="$seconds" -max_len=4096 -timeout=10 \
        -dict=test/fuzz/config_loader.dict -artifact_prefix="$dir/artifacts/" \
        -print_final_stats=1 >"$dir/fuzz.log" 2>&1 || status=$?
    grep -E '^#[0-9]+[[:space:]]+DONE' "$dir/fuzz.log" || true
    grep -E '^stat::(number_of_executed_units|average_exec_per_sec|new_units_added)' "$dir/fuzz.log" || true
    echo "corpus: $(find "$dir/corpus" -type f | wc -l) inputs"
    if [ "$status" -ne 0 ]; then
        tail -n 40 "$dir/fuzz.log"
        echo "build.sh fuzz: the fuzzer stopped on a failure (status $status); inputs in $dir/artifacts/" >&2
        return "$status"
    fi
    echo "no crash, leak or timeout"
}

case "${1:-help}" in
    deps) deps ;;
    build) build ;;
    test) run_tests ;;
    demo) build; exec bash tools/demo.sh "$(pwd)/$build_dir" ;;
    tsan) tsan ;;
    crash) shift; crash "$@" ;;
    b2) b2_build ;;
    examples) examples ;;
    bench) shift; bench "$@" ;;
    fuzz) shift; fuzz "$@" ;;
    windows) windows ;;
    clean) rm -rf build bin ;;
    # The header comment, from the line after the licence's to its end.
    help|-h|--help) awk '!/^#/ {exit} body {sub(/^# ?/, ""); print} /^#$/ {body=1}' "$0" ;;
    *) echo "build.sh: unknown verb '$1' (try ./build.sh help)" >&2; exit 2 ;;
esac
