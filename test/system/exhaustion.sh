#!/usr/bin/env bash
# Copyright (c) 2026 The durable authors
# Distributed under the Boost Software License, Version 1.0.
#
# Tier "exhaustion" of the system harness: the file system runs out, or
# turns against the writer, for real.
#
#   exhaustion.sh DURABLE_TOOL WORK_DIR
#
#   full-disk      a 1 MiB tmpfs, a save larger than the space left
#   no-inodes      a tmpfs whose inodes are all used: the temporary file
#                  cannot be created
#   read-only      an ext4 loop mount remounted read-only in the middle of a
#                  run of saves
#   io-error       an ext4 image on a 48 MiB tmpfs, larger than the tmpfs:
#                  once the tmpfs is full, the loop device fails writes and
#                  the kernel reports the errors to fdatasync
#
# In every case: a failed save exits 1 with "durable: FILE: STEP: CAUSE",
# the target holds a complete version (the old one, or the last save that
# reported success), and no temporary file remains once a save can succeed
# again. Prints one row per case: "exhaustion<TAB>CASE<TAB>SAVES<TAB>FAILURES".

set -uo pipefail
tool=$1
work=$2
mkdir -p "$work"
mounts=()
cleanup() {
    for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do
        umount "${mounts[i]}" 2>/dev/null || umount -l "${mounts[i]}" 2>/dev/null
    done
}
trap cleanup EXIT

row() { printf 'exhaustion\t%s\t%d\t%d\n' "$1" "$2" "$3"; }
problem() { echo "FAIL $*" >&2; failures=$((failures + 1)); }

# Content of version N: N's own length and bytes, so a mix is seen.
content() { head -c "$2" /dev/zero | tr '\0' "$(printf "\\$(printf '%03o' $((97 + $1 % 26)))")"; echo " version $1"; }

# Saves version $2 of size $3 to $1; prints the exit code, keeps stderr.
save() { content "$2" "$3" | "$tool" write "$1" 2> "$work/stderr"; echo $?; }

expect_failure_line() {
    local file=$1 cause=$2
    grep -Eq "^durable: $file: [a-z]+: .*$cause" "$work/stderr" ||
        problem "$case_name: message '$(cat "$work/stderr")', expected cause '$cause'"
}

expect_only() {
    local dir=$1 name=$2 extra
    extra=$(ls -A "$dir" | grep -v -x -e "$name" -e lost+found -e 'filler.*' || true)
    [ -z "$extra" ] || problem "$case_name: left behind: $extra"
}

full_disk() {
    case_name=full-disk failures=0
    local mnt=$work/full
    mkdir -p "$mnt" && mount -t tmpfs -o size=1m durable-full "$mnt" && mounts+=("$mnt")
    [ "$(save "$mnt/f" 1 1000)" = 0 ] || problem "full-disk: the first save failed"
    [ "$(save "$mnt/f" 2 2000000)" = 1 ] || problem "full-disk: a 2 MB save into 1 MiB succeeded"
    expect_failure_line "$mnt/f" "No space left on device"
    [ "$(cat "$mnt/f")" = "$(content 1 1000)" ] || problem "full-disk: old content changed"
    expect_only "$mnt" f
    row full-disk 2 "$failures"
}

no_inodes() {
    case_name=no-inodes failures=0
    local mnt=$work/inodes i=0
    mkdir -p "$mnt" && mount -t tmpfs -o size=16m,nr_inodes=64 durable-inodes "$mnt" && mounts+=("$mnt")
    [ "$(save "$mnt/f" 1 100)" = 0 ] || problem "no-inodes: the first save failed"
    while (: > "$mnt/filler.$i") 2>/dev/null; do i=$((i + 1)); done
    [ "$(save "$mnt/f" 2 100)" = 1 ] || problem "no-inodes: a save without a free inode succeeded"
    expect_failure_line "$mnt/f" "No space left on device"
    grep -q ": create: " "$work/stderr" || problem "no-inodes: not reported at create: $(cat "$work/stderr")"
    [ "$(cat "$mnt/f")" = "$(content 1 100)" ] || problem "no-inodes: old content changed"
    rm -f "$mnt"/filler.*
    [ "$(save "$mnt/f" 3 100)" = 0 ] || problem "no-inodes: no save once inodes are free"
    expect_only "$mnt" f
    row no-inodes 3 "$failures"
}

read_only() {
    case_name=read-only failures=0
    local mnt=$work/ro image=$work/ro.img n=0 ok=0 failed=0 last_ok=0 rc
    mkdir -p "$mnt" && truncate -s 64M "$image" && mkfs.ext4 -q -F "$image" &&
        mount -o loop "$image" "$mnt" && mounts+=("$mnt")
    [ "$(save "$mnt/f" 0 5000)" = 0 ] || problem "read-only: the first save failed"
    # A remount fails while a file is open for writing: the saves keep one
    # open most of the time, so try until it lands between two of them.
    (sleep 0.5; until mount -o remount,ro "$mnt" 2>/dev/null; do sleep 0.005; done) &
    local remount=$!
    local deadline=$((SECONDS + 3))
    while [ $SECONDS -lt $deadline ]; do
        n=$((n + 1))
        rc=$(save "$mnt/f" "$n" $((5000 + n)))
        if [ "$rc" = 0 ]; then ok=$((ok + 1)); last_ok=$n
        else failed=$((failed + 1)); expect_failure_line "$mnt/f" "Read-only file system"; fi
    done
    wait $remount
    [ "$failed" -gt 0 ] || problem "read-only: no save failed after the remount"
    [ "$(cat "$mnt/f")" = "$(content $last_ok $((5000 + last_ok)))" ] ||
        problem "read-only: the file is not the last save reported as done ($last_ok)"
    mount -o remount,rw "$mnt"
    [ "$(save "$mnt/f" $((n + 1)) 100)" = 0 ] || problem "read-only: no save after remounting read-write"
    expect_only "$mnt" f
    echo "read-only: $ok saves before the remount, $failed refused after it" >&2
    row read-only $((n + 1)) "$failures"
}

io_error() {
    case_name=io-error failures=0
    local backing=$work/backing mnt=$work/eio n=1 rc last_ok=0 sync_failed=0
    mkdir -p "$backing" "$mnt" && mount -t tmpfs -o size=48m durable-backing "$backing" && mounts+=("$backing")
    truncate -s 256M "$backing/disk.img" && mkfs.ext4 -q -F "$backing/disk.img" &&
        mount -o loop "$backing/disk.img" "$mnt" && mounts+=("$mnt")
    [ "$(save "$mnt/f" 1 1000000)" = 0 ] && last_ok=1 || problem "io-error: the first save failed"
    # The image is sparse: once the tmpfs under it is full, every block the
    # file system writes for the first time fails in the loop device, and
    # the kernel reports the failure to the fdatasync that waits for it (as
    # ENOSPC: the block layer's "critical space allocation error"; EIO on
    # other kernels). Once the journal aborts, ext4 refuses writes (EROFS).
    head -c 100M /dev/zero > "$backing/hog" 2>/dev/null
    while [ $n -lt 20 ] && [ $sync_failed -lt 3 ]; do
        n=$((n + 1))
        rc=$(save "$mnt/f" "$n" 1000000)
        if [ "$rc" = 0 ]; then
            last_ok=$n
        else
            grep -Eq "^durable: $mnt/f: [a-z]+: (Input/output error|No space left on device|Read-only file system)$" "$work/stderr" ||
                problem "io-error: unexpected message '$(cat "$work/stderr")'"
            grep -q ": sync: " "$work/stderr" && sync_failed=$((sync_failed + 1))
        fi
    done
    [ $sync_failed -gt 0 ] || problem "io-error: no data sync failed ($n saves)"
    # What a save reported as done must be what the device holds: read it
    # past the page cache.
    echo 3 > /proc/sys/vm/drop_caches
    [ "$(cat "$mnt/f" 2>/dev/null)" = "$(content $last_ok 1000000)" ] ||
        problem "io-error: the file is not the last save reported as done ($last_ok)"
    echo "io-error: $n saves, the last reported done: $last_ok, $sync_failed data syncs failed; last: $(cat "$work/stderr")" >&2
    row io-error "$n" "$failures"
}

full_disk
no_inodes
read_only
io_error
