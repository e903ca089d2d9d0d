# Copyright (c) 2026 The durable authors
# Distributed under the Boost Software License, Version 1.0.
#
# What the shell tests share. Each sources it after its own `set` line and
# before it changes directory, as
#
#     . "$(dirname "$0")/common.sh"
#
# which finds it from any current directory, since ctest and b2 both run a
# test as `bash path/to/test.sh ARGS`. It gives:
#
#   $test_dir  a fresh directory of the test's own, named after the script,
#              removed when the script exits, however it exits;
#   $pid       the background program the test runs (a daemon), if any:
#              killed at the exit if it still runs, so that a failed test
#              leaves no process behind;
#   check      a check that counts, and names its failure without ending
#              the test, so that one run shows every failure;
#   summary    the last command of every test: the counts, and the exit
#              status (0 when no check failed).

# Under DURABLE_TEST_DIR when it is set, else the temporary directory.
test_dir=$(mktemp -d "${DURABLE_TEST_DIR:-${TMPDIR:-/tmp}}/durable-$(basename "$0" .sh)-XXXXXX")
pid=
checks=0
failures=0

# Written so that no command in it fails: under `set -e`, a failure in an
# exit trap would become the script's exit status. A test may have made
# part of the directory read-only, hence the chmod before the rm.
remove_test_dir() {
    if [ -n "$pid" ]; then
        kill -KILL "$pid" 2>/dev/null || true
    fi
    chmod -R u+w "$test_dir" 2>/dev/null || true
    rm -rf "$test_dir"
}
trap remove_test_dir EXIT

check() { # check DESCRIPTION COMMAND...
    local what=$1; shift
    checks=$((checks + 1))
    if ! "$@"; then
        echo "FAILED: $what"
        failures=$((failures + 1))
    fi
}

summary() {
    echo "$((checks - failures)) passed, $failures failed"
    [ "$failures" -eq 0 ]
}
