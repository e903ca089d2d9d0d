#!/usr/bin/env bash
# Copyright (c) 2026 The durable authors
# Distributed under the Boost Software License, Version 1.0.
#
# The system harness: the real program against real file systems and real
# kernel errors (the unit tests check the protocol against a model). Needs
# root for the mounts. Every mount is removed again, also on failure; loop
# devices are attached by `mount -o loop`, which detaches them on unmount.
#
#   run.sh BUILD_DIR [TIER...]
#
# Tiers:
#   faults   strace fault injection at every call of `durable write` (syscall_faults.sh)
#   exhaustion  full disk, no free inode, a read-only remount during saves,
#            real fdatasync errors from a loop device on a full tmpfs
#            (exhaustion.sh)
#   storm    1,000 writers killed with SIGKILL at random moments while two
#            reader processes check every read (kill_storm.cpp), on ext4,
#            xfs, btrfs and tmpfs loop mounts
#   power-cut  100 shutdowns without journal flush, at random moments of a
#            saving workload, on ext4, ext4 with noauto_da_alloc and xfs;
#            34 more during batches of eight files (write_files); and the
#            two broken writers, which must be caught (power_cut.sh)
#   suite    the whole unit test suite with its temporary directories on
#            ext4, xfs, btrfs and tmpfs loop mounts
#   hostile  an unprivileged user attacks the tool and a program using the
#            library, both running as root, through a sticky directory and a
#            directory of their own, with fs.protected_symlinks and
#            fs.protected_regular off and on: links, backups, FIFOs,
#            /dev/zero, the orphan sweep, guessed temporary names, ACLs
#            (hostile.sh, hostile_saver.cpp)
#
# Prints a summary table (tier, file system, cases, failures) and exits 1 if
# any case failed.

set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "$1" && pwd)
shift
tiers=("$@")
[ ${#tiers[@]} -gt 0 ] || tiers=(faults exhaustion storm power-cut suite hostile)

work=$(mktemp -d "${TMPDIR:-/tmp}/durable-system.XXXXXX")
# Some tests drop to an unprivileged user, who must reach their directories.
chmod 0755 "$work"
mounts=()
summary=()

cleanup() {
    for m in "${mounts[@]}"; do
        [ -n "$m" ] || continue
        umount "$m" 2>/dev/null || umount -l "$m"
    done
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

source "$here/images.sh"

# Mounts a fresh file system of type $1 at $work/$1 and prints the mount
# point; runs in a subshell, so the caller records the mount.
mount_fresh() {
    local fs=$1 mnt=$work/$1 image=$work/$1.img
    mkdir -p "$mnt"
    if [ "$fs" = tmpfs ]; then
        mount -t tmpfs -o size=512m durable-test "$mnt" || return 1
    else
        make_image "$fs" "$image" || return 1
        mount -o loop "$image" "$mnt" || return 1
    fi
    echo "$mnt"
}

unmount() {
    umount "$1" && mounts=("${mounts[@]/$1}")
}

tier_faults() {
    say "tier faults: strace fault injection on durable write"
    local row
    row=$(bash "$here/syscall_faults.sh" "$build/tools/durable" "$work/faults" | tail -1)
    summary+=("$row")
}

tier_exhaustion() {
    say "tier exhaustion: full disks, no inodes, read-only, device errors"
    local row
    while IFS= read -r row; do
        summary+=("$row")
    done < <(bash "$here/exhaustion.sh" "$build/tools/durable" "$work/exhaustion")
}

tier_storm() {
    local fs mnt row
    for fs in ext4 xfs btrfs tmpfs; do
        say "tier storm: kill -9 during saves on $fs"
        mnt=$(mount_fresh "$fs") || { summary+=("$(printf 'storm\t%s\t0\t1' "$fs")"); continue; }
        mounts+=("$mnt")
        row=$("$build/test/system/durable_kill_storm" "$build/tools/durable" "$mnt/storm" 1000)
        summary+=("${row:-$(printf 'storm\t%s\t0\t1' "$fs")}")
        unmount "$mnt"
    done
}

tier_power_cut() {
    say "tier power-cut: file system shutdowns during saves"
    local row
    while IFS= read -r row; do
        summary+=("$row")
    done < <(bash "$here/power_cut.sh" "$build" "$work/power-cut" 100)
}

tier_hostile() {
    say "tier hostile: another user's links, FIFOs and guesses against root's saves"
    local row rows=0
    while IFS= read -r row; do
        summary+=("$row")
        rows=$((rows + 1))
    done < <(bash "$here/hostile.sh" "$build" "$work/hostile")
    # No row at all: the script died before it could say why in one.
    [ "$rows" -gt 0 ] || summary+=("$(printf 'hostile\tsetup\t0\t1')")
}

tier_suite() {
    local fs mnt log cases failed
    for fs in ext4 xfs btrfs tmpfs; do
        say "tier suite: the unit tests on $fs"
        mnt=$(mount_fresh "$fs") || { summary+=("$(printf 'suite\t%s\t0\t1' "$fs")"); continue; }
        mounts+=("$mnt")
        log=$work/suite-$fs.log
        # install_package and cli do not use the test directory.
        DURABLE_TEST_DIR=$mnt ctest --test-dir "$build" --output-on-failure -j "$(nproc)" \
            -E '^(install_package|cli)$' > "$log" 2>&1
        tail -n 3 "$log"
        grep -q 'tests passed' "$log" || cat "$log"
        cases=$(sed -n 's/.* tests failed out of \([0-9]*\)/\1/p' "$log")
        failed=$(sed -n 's/.*, \([0-9]*\) tests failed out of.*/\1/p' "$log")
        [ "${failed:-1}" -eq 0 ] || grep -B2 -A40 'Failed\|\*\*\*' "$log" | head -80
        summary+=("$(printf 'suite\t%s\t%s\t%s' "$fs" "${cases:-0}" "${failed:-1}")")
        unmount "$mnt"
    done
}

for tier in "${tiers[@]}"; do
    case $tier in
        faults) tier_faults ;;
        exhaustion) tier_exhaustion ;;
        storm) tier_storm ;;
        power-cut) tier_power_cut ;;
        suite) tier_suite ;;
        hostile) tier_hostile ;;
        *) echo "run.sh: unknown tier '$tier'" >&2; exit 2 ;;
    esac
done

say "summary"
status=0
{
    printf 'tier\tfile system\tcases\tfailures\n'
    for row in "${summary[@]}"; do
        printf '%s\n' "$row"
    done
} | column -t -s $'\t'
for row in "${summary[@]}"; do
    [ "$(cut -f4 <<< "$row")" = 0 ] || status=1
done
exit $status
