#!/usr/bin/env bash
# Copyright (c) 2026 The durable authors
# Distributed under the Boost Software License, Version 1.0.
#
# The desktop example as a user sees it: hundreds of changes a second from
# two threads make at most one write per commit delay (the renames onto the
# file are counted with strace), the file ends with the last change, a
# directory that refuses the writes gives one message and exit status 1,
# and one that takes them again gives "settings saved again".
#
#     desktop_settings.sh DIRECTORY-OF-durable DIRECTORY-OF-THE-EXAMPLES

set -euo pipefail
PATH="$(realpath "$1"):$(realpath "$2"):$PATH" # the script works in a directory of its own
. "$(dirname "$0")/common.sh"
cd "$test_dir"

# run_traced LOG COMMAND...: the command's exit status; each thread's system
# calls go to a file of its own (-ff), so that no call is split across lines.
# LeakSanitizer cannot work under ptrace: in a sanitizer build, the runs
# that are not traced look for leaks.
run_traced() {
    local log=$1; shift
    local status=0
    ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
        strace -f -ff -qq -e trace=rename,renameat,renameat2 -o "$log" "$@" || status=$?
    return $status
}

# renames_onto LOG FILE: the renames whose target is FILE (a relative path,
# as the example was given it), whatever their result.
renames_onto() {
    cat "$1".* | grep -cE "^rename(at2?)?\(.*, \"$2\"[,)]" || true
}

changes_in() { sed -n 's/^changes: //p' "$1"; }

# The values the example printed as saved last are what the file holds.
holds_what_was_printed() { # holds_what_was_printed FILE OUTPUT
    local pointer value n=0
    while read -r pointer value; do
        [ "$(durable get "$1" "$pointer")" = "$value" ] || {
            echo "$1 $pointer: '$(durable get "$1" "$pointer")', printed '$value'"
            return 1
        }
        n=$((n + 1))
    done < <(grep '^/' "$2")
    [ "$n" -ge 5 ]
}

# --- two seconds with a commit delay of 200 ms, and without one ----------------
# Both at once, so that they share the disk and the processors: on a loaded
# machine a write takes longer, for both, and the comparison stays fair.
mkdir delayed immediate
(cd delayed && run_traced trace desktop_settings s.json 2 200 > out.txt 2> err.txt) & delayed_pid=$!
(cd immediate && run_traced trace desktop_settings s.json 2 0 > out.txt 2> err.txt) & immediate_pid=$!
delayed_status=0 immediate_status=0
wait "$delayed_pid" || delayed_status=$?
wait "$immediate_pid" || immediate_status=$?

cd delayed
check "a run exits with 0" test "$delayed_status" -eq 0
check "and says nothing on standard error" test ! -s err.txt
changes=$(changes_in out.txt)
delayed_writes=$(renames_onto trace s.json)
echo "commit delay 200 ms: $changes changes, $delayed_writes writes"
check "hundreds of changes were made" test "${changes:-0}" -ge 300
check "at most one write per delay, and the final flush: 2 s / 200 ms + 2" test "$delayed_writes" -le 12
check "more than one write" test "$delayed_writes" -ge 2
check "the file parses" durable check s.json
check "the file holds the values printed" holds_what_was_printed s.json out.txt
check "every change counted is in the file" test \
    "$(( $(durable get s.json /usage/window_moves) + $(durable get s.json /usage/files_opened) ))" = "$changes"
check "the enum and the duration are saved as names" \
    test "$(durable get s.json /theme)/$(durable get s.json /autosave_interval)" = '"system"/"5min"'
check "no temporary file remains" test -z "$(ls -A | grep '\.tmp$' || true)"

# The next run starts from this file: its counters go on.
before=$(durable get s.json /usage/files_opened)
desktop_settings s.json 1 200 > out2.txt
check "a second run loads the first one's settings" \
    test "$(durable get s.json /usage/files_opened)" -gt "$before"
check "and saves the values it printed" holds_what_was_printed s.json out2.txt
cd "$test_dir"

# Without the delay: a write per change, or per write in flight.
cd immediate
check "a run without delay exits with 0" test "$immediate_status" -eq 0
immediate_writes=$(renames_onto trace s.json)
echo "no commit delay: $(changes_in out.txt) changes, $immediate_writes writes"
echo "writes in 2 s: $delayed_writes with a 200 ms commit delay, $immediate_writes without"
check "without the delay, more writes" test "$immediate_writes" -gt "$delayed_writes"
check "and the file holds the values printed" holds_what_was_printed s.json out.txt
cd "$test_dir"

# --- a directory that refuses the writes ---------------------------------------
# Root ignores permissions: as root the example runs as nobody, in a
# directory of root's that nobody may read but not write.
as_nobody=()
if [ "$(id -u)" -eq 0 ]; then
    as_nobody=(setpriv --reuid=65534 --regid=65534 --clear-groups)
    chmod 0755 "$test_dir"
fi
mkdir readonly
cp delayed/s.json readonly/s.json
chmod 0644 readonly/s.json
[ "$(id -u)" -eq 0 ] || chmod 0555 readonly
cp readonly/s.json before.json
status=0
"${as_nobody[@]}" desktop_settings readonly/s.json 1 200 > out.txt 2> err.txt || status=$?
cat err.txt
check "a run that cannot save exits with 1" test "$status" -eq 1
check "one message while the saves fail, however many changes" \
    test "$(grep -c '^settings are not being saved: readonly/s.json: ' err.txt)" -eq 1
check "one message at exit" test "$(grep -c '^the last settings were not saved: readonly/s.json: ' err.txt)" -eq 1
check "nothing else on standard error" test "$(wc -l < err.txt)" -eq 2
check "the changes were made" test "$(changes_in out.txt)" -ge 100
check "the file is as it was" cmp -s readonly/s.json before.json
check "no temporary file was left" test "$(ls -A readonly)" = s.json

# --- the directory takes the writes again while the example runs ---------------
mkdir recovers
cp delayed/s.json recovers/s.json
chmod 0644 recovers/s.json
if [ "$(id -u)" -ne 0 ]; then chmod 0555 recovers; fi
: > err.txt # emptied before the wait below reads it, not when the example starts
"${as_nobody[@]}" desktop_settings recovers/s.json 4 200 > out.txt 2>> err.txt &
pid=$!
for _ in $(seq 100); do
    grep -q '^settings are not being saved' err.txt && break
    sleep 0.1
done
if [ "$(id -u)" -eq 0 ]; then chown 65534:65534 recovers recovers/s.json; else chmod 0755 recovers; fi
status=0
wait "$pid" || status=$?
pid= # gone: the exit trap must not kill another process of that number
cat err.txt
check "a run whose saves work again exits with 0" test "$status" -eq 0
check "one message when the saves fail" test "$(grep -c '^settings are not being saved' err.txt)" -eq 1
check "one when they work again" test "$(grep -cx 'settings saved again' err.txt)" -eq 1
check "the file holds the values printed" holds_what_was_printed recovers/s.json out.txt

# --- usage errors ---------------------------------------------------------------
status=0
desktop_settings 2> err.txt || status=$?
check "no FILE is a usage error" test "$status" -eq 2
check "which prints the usage" grep -q '^usage: desktop_settings FILE' err.txt
status=0
desktop_settings s.json soon 2> err.txt || status=$?
check "a SECONDS that is no number is a usage error" test "$status" -eq 2
check "which names it" grep -q "SECONDS must be a whole number from 1 to 3600, not 'soon'" err.txt
status=0
desktop_settings s.json 1 -5 2> err.txt || status=$?
check "a negative commit delay is a usage error" test "$status" -eq 2
check "which names it" grep -q "COMMIT_DELAY_MS must be a whole number from 0 to 60000, not '-5'" err.txt
check "a usage error writes nothing" test ! -e s.json

summary
