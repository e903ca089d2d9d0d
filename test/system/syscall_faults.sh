#!/usr/bin/env bash
# Copyright (c) 2026 The durable authors
# Distributed under the Boost Software License, Version 1.0.
#
# Tier 1 of the system harness: real kernel errors, injected by strace into
# the real command-line tool, at every system call a save makes.
#
#   syscall_faults.sh DURABLE_TOOL WORK_DIR
#
# A clean run is traced first; from the open of the target's directory on,
# each call is then failed in a run of its own (strace's when=N counts the
# calls of one kind in the process), with EIO, ENOSPC and EDQUOT, and
# interrupted with EINTR. What each run must leave:
#
#   a call of the protocol before the rename (create, the stats and the
#   attribute calls that keep mode, owner and ACL, chmod, chown, write,
#   sync, the temporary's close, the rename itself)
#       exit 1, one line "durable: FILE: STEP: CAUSE" with the step of that
#       call and the injected error, the old content;
#   housekeeping before the rename (the orphan sweep, the boot id)
#       either of: the line above and the old content, or exit 0 and the new
#       content: a failed sweep need not fail a save;
#   the directory sync after the rename
#       exit 1, "dirsync: replaced, durability unknown: CAUSE", the new content;
#   anything after it (closing the directory)
#       exit 0 and the new content: the save is complete and durable;
#   EINTR anywhere
#       exit 0 and the new content: interruptions are retried, never reported;
#
# and always no temporary file, the target's mode and owner unchanged.
# strace 6.1 cannot name getxattrat and listxattrat (Linux 6.13): failures
# of those are made by the kernel itself in test/write_file.cpp.
# Two scenarios: the target owned by the caller, and one owned by another
# user under umask 077, so that the fchown and fchmod calls happen too.
# Prints one summary row, "syscall-faults<TAB>FS<TAB>CASES<TAB>FAILURES".

set -uo pipefail

tool=$1
work=$2
traced=openat,openat2,newfstatat,statx,getdents64,write,fchmod,fchown,fdatasync,close,renameat,fsync,fremovexattr,fsetxattr,flistxattr,fgetxattr
errors=(EIO ENOSPC EDQUOT)
declare -A cause=(
    [EIO]="Input/output error"
    [ENOSPC]="No space left on device"
    [EDQUOT]="Disk quota exceeded"
)
old="old content"
new="new content"
cases=0
failures=0

reset() {
    rm -rf "$dir"
    mkdir -p "$dir"
    printf '%s\n' "$old" > "$target"
    chmod 0640 "$target"
    chown "$owner" "$target"
}

save() {
    printf '%s\n' "$new" | (umask "$umask"; strace -qq -o /dev/null -e trace="$traced" "$@" "$tool" write "$target") 2> "$work/stderr"
}

# Lists the calls of a clean save as "NAME N CLASS STEP": CLASS is protocol,
# housekeeping, dirsync or after (see above); STEP is the step a failure of
# a protocol call must name ("-": one of several).
plan() {
    reset
    printf '%s\n' "$new" | (umask "$umask"; strace -qq -o "$work/trace" -e trace="$traced" "$tool" write "$target")
    awk -v dir="$dir" -v name="$(basename "$target")" '
        # Calls strace knows only by number are traced but cannot be failed.
        /^syscall_/ { next }
        {
            match($0, /^[a-z0-9_]+/)
            call = substr($0, RSTART, RLENGTH)
            n[call]++
        }
        !started && call ~ /^openat2?$/ && index($0, "\"" dir "\"") { started = 1; print call, n[call], "protocol", "open"; next }
        !started { next }
        renamed && call == "fsync" { print call, n[call], "dirsync", "dirsync"; synced = 1; next }
        synced { print call, n[call], "after", "-"; next }
        call == "openat" && /O_CREAT/ { temp_fd = $NF; print call, n[call], "protocol", "create"; next }
        call == "newfstatat" && (index($0, "\"" name "\"") || index($0, "\"." name ".durable-")) {
            print call, n[call], "protocol", "-"; next
        }
        # The temporary file is inspected through its descriptor: its
        # status and whether it inherited an ACL.
        temp_fd != "" && $0 ~ "^(newfstatat|statx|fgetxattr)\\(" temp_fd ", " { print call, n[call], "protocol", "chmod"; next }
        call == "close" && $0 ~ "^close\\(" temp_fd "\\)" { temp_fd = ""; print call, n[call], "protocol", "close"; next }
        call == "renameat" { renamed = 1; print call, n[call], "protocol", "rename"; next }
        call == "fdatasync" { print call, n[call], "protocol", "sync"; next }
        call ~ /^(fremovexattr|fsetxattr)$/ { print call, n[call], "protocol", "chmod"; next }
        call ~ /^(flistxattr|fgetxattr)$/ { print call, n[call], "protocol", "resolve"; next }
        call ~ /^(write|fchmod|fchown)$/ { print call, n[call], "protocol", substr(call, call == "write" ? 1 : 2); next }
        { print call, n[call], "housekeeping", "-" }
    ' "$work/trace"
}

fail() {
    failures=$((failures + 1))
    echo "FAIL $scenario: $*" >&2
    sed 's/^/    stderr: /' "$work/stderr" >&2
}

# Checks what one run left; $1 is what it must have done: new, old or unknown.
check() {
    local outcome=$1 rc=$2 what=$3 expected_cause=$4 expected_step=$5
    local content files meta line
    content=$(cat "$target" 2>/dev/null || echo "<missing>")
    files=$(ls -A "$dir" | tr '\n' ' ')
    meta=$(stat -c '%a %U' "$target" 2>/dev/null)
    line=$(cat "$work/stderr")
    cases=$((cases + 1))
    [ "$files" = "$(basename "$target") " ] || { fail "$what: files left: $files"; return; }
    [ "$meta" = "640 $owner" ] || { fail "$what: mode and owner now $meta"; return; }
    case $outcome in
        new)
            [ "$rc" -eq 0 ] && [ "$content" = "$new" ] && [ -z "$line" ] ||
                fail "$what: expected success, got exit $rc, content '$content'" ;;
        old)
            [ "$rc" -eq 1 ] && [ "$content" = "$old" ] || { fail "$what: expected failure, got exit $rc, content '$content'"; return; }
            [[ $line =~ ^durable:\ $target:\ ([a-z]+):\ $expected_cause$ ]] || { fail "$what: message '$line'"; return; }
            [ "$expected_step" = "-" ] || [ "${BASH_REMATCH[1]}" = "$expected_step" ] ||
                fail "$what: step '${BASH_REMATCH[1]}', expected '$expected_step'" ;;
        unknown)
            [ "$rc" -eq 1 ] && [ "$content" = "$new" ] &&
                [ "$line" = "durable: $target: dirsync: replaced, durability unknown: $expected_cause" ] ||
                fail "$what: expected durability unknown, got exit $rc, content '$content', '$line'" ;;
    esac
}

run_scenario() {
    scenario=$1 owner=$2 umask=$3
    dir=$work/$scenario
    target=$dir/settings.conf
    local calls
    calls=$(plan) || { fail "the clean save failed"; return; }
    [ -n "$calls" ] || { fail "the clean save made no call the plan knows"; return; }
    while read -r call n class step; do
        for e in "${errors[@]}"; do
            reset
            save -e inject="$call":error="$e":when="$n"
            local rc=$?
            local what="$call #$n ($class) $e"
            case $class in
                protocol) check old "$rc" "$what" "${cause[$e]}" "$step" ;;
                housekeeping)
                    if [ "$rc" -eq 0 ]; then check new "$rc" "$what" "" "-"
                    else check old "$rc" "$what" "${cause[$e]}" "-"; fi ;;
                dirsync) check unknown "$rc" "$what" "${cause[$e]}" "-" ;;
                after) check new "$rc" "$what" "" "-" ;;
            esac
        done
        reset
        save -e inject="$call":error=EINTR:when="$n"
        check new $? "$call #$n ($class) EINTR" "" "-"
    done <<< "$calls"
}

mkdir -p "$work"
run_scenario own-file "$(id -un)" 022
if [ "$(id -u)" -eq 0 ]; then
    run_scenario other-owner nobody 077
else
    echo "syscall_faults: not root, the other-owner scenario is skipped" >&2
fi
printf 'syscall-faults\t%s\t%d\t%d\n' "$(stat -f -c %T "$work")" "$cases" "$failures"
[ "$failures" -eq 0 ]
