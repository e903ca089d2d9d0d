#!/usr/bin/env bash
# Copyright (c) 2026 The durable authors
# Distributed under the Boost Software License, Version 1.0.
#
# The command-line tool as scripts use it: exit codes, the one-line error
# format 'durable: FILE: STEP: CAUSE', and what each option does to the file.
#
#     cli.sh PATH-TO-durable

set -u
tool=$1
dir=$(mktemp -d "${DURABLE_TEST_DIR:-${TMPDIR:-/tmp}}/durable-cli-XXXXXX")
failures=0
checks=0

check() { # check DESCRIPTION COMMAND...
    local what=$1; shift
    checks=$((checks + 1))
    if ! "$@"; then
        echo "FAILED: $what"
        failures=$((failures + 1))
    fi
}

mode_of() { stat -c %a "$1"; }
only_file() { [ "$(ls -A "$dir")" = "$1" ]; }

cd "$dir" || exit 1

printf 'v1\n' | "$tool" write settings.conf
check "write creates the file" test "$(cat settings.conf)" = v1
chmod 600 settings.conf
printf 'v2\n' | "$tool" write settings.conf
check "write replaces the content" test "$(cat settings.conf)" = v2
check "mode 0600 is kept" test "$(mode_of settings.conf)" = 600

printf 'v3\n' | "$tool" write --mode 0640 settings.conf
check "--mode sets the mode" test "$(mode_of settings.conf)" = 640

ln -s settings.conf link.conf
printf 'v4\n' | "$tool" write link.conf
check "follow keeps the link" test -L link.conf
check "follow writes the target" test "$(cat settings.conf)" = v4

printf 'v5\n' | "$tool" write --symlink refuse link.conf 2>err.txt
check "refuse exits 1" test $? -eq 1
check "refuse names path and step" grep -qx 'durable: link.conf: resolve: target is a symbolic link and the policy refuses it' err.txt
check "refuse leaves the target" test "$(cat settings.conf)" = v4
rm err.txt

printf 'v6\n' | "$tool" write --symlink replace link.conf
check "replace makes a regular file" test ! -L link.conf
check "replace leaves the old target" test "$(cat settings.conf)" = v4
rm link.conf

printf 'v7\n' | "$tool" write --atomic settings.conf
check "--atomic replaces too" test "$(cat settings.conf)" = v7

printf 'x' | "$tool" write missing/settings.conf 2>err.txt
check "a failure exits 1" test $? -eq 1
check "a failure prints path, step and cause" grep -qx 'durable: missing/settings.conf: open: No such file or directory' err.txt
rm err.txt

head -c 3000000 /dev/urandom > big.expected
"$tool" write big.conf < big.expected
check "large input streams through" cmp -s big.conf big.expected
rm big.conf big.expected

"$tool" write --bogus settings.conf </dev/null 2>/dev/null
check "an unknown option exits 2" test $? -eq 2
"$tool" 2>/dev/null
check "no command exits 2" test $? -eq 2
check "--help exits 0" "$tool" --help >/dev/null
check "write --help exits 0" "$tool" write --help >/dev/null

check "no temporary file remains" only_file settings.conf

cd / && rm -rf "$dir"
echo "$((checks - failures)) passed, $failures failed"
[ "$failures" -eq 0 ]
