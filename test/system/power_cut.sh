#!/usr/bin/env bash
# Copyright (c) 2026 The durable authors
# Distributed under the Boost Software License, Version 1.0.
#
# Tier "power-cut" of the system harness: a writer saves version after
# version on a loop-mounted file system, and at a random moment the file
# system is shut down without flushing its journal (the shutdown ioctl, as
# `xfs_io -x -c shutdown` does, on ext4 and xfs alike): what a power cut
# leaves. After remounting (journal replay), the file must hold one complete
# version, no older than the last one the writer reported saved.
#
#   power_cut.sh BUILD_DIR WORK_DIR CRASHES
#
# Configurations: ext4, ext4 with noauto_da_alloc (no implicit flush on a
# replacing rename, so a missing data sync shows), xfs. Each runs CRASHES
# crashes of the real writer, a third as many of the batch writer (eight
# files in two directories per version, by write_files), then the two
# broken writers (no data sync, no directory sync) until a crash catches
# them or CRASHES pass: each must be caught. Prints rows "power-cut<TAB>CONFIG/WRITER<TAB>CRASHES<TAB>FAILURES",
# where for a broken writer a failure is not being caught.

set -uo pipefail
source "$(dirname "$0")/images.sh"
build=$1
work=$2
crashes=$3
writer=$build/test/system/durable_crash_writer
mkdir -p "$work"
mnt=$work/mnt
mkdir -p "$mnt"
cleanup() { mountpoint -q "$mnt" && umount "$mnt"; }
trap cleanup EXIT

# One crash: mount, save for a random while, shut down, remount, check.
# With FREEZE=freeze the writer is stopped (SIGSTOP) before its reports are
# read and the file system is cut: the cut then lands exactly after the
# last report or inside the save that follows it. Without, the writer runs
# on until the cut, which lands wherever the shutdown catches it (inside a
# system call too), but usually after another save whose syncs made the
# last report's rename durable as well: a writer that skips the directory
# sync is hardly ever caught that way, so every other crash freezes.
# Prints "ok", or what is wrong.
crash_once() {
    local image=$1 options=$2 mode=$3 first=$4 freeze=$5 log=$work/log pid reported found
    rm -f "$log"
    mount -o "loop${options:+,$options}" "$image" "$mnt" || { echo "mount failed"; return; }
    "$writer" "$mnt/settings.conf" "$log" "$first" "$mode" 2> /dev/null &
    pid=$!
    sleep "0.$(printf '%03d' $((RANDOM % 400 + 20)))"
    [ "$freeze" = freeze ] && kill -STOP "$pid"
    # What the writer reported before the cut. Reports made after the
    # shutdown call do not count: a power cut stops the writer, a shutdown
    # does not, and a shut-down xfs lets fsync of a directory whose
    # transaction it aborted return 0 (xfs_dir_fsync finds the inode no
    # longer pinned). A line read half-written is a smaller number: the
    # check is only weaker for it.
    reported=$(grep -E '^[0-9]+$' "$log" 2>/dev/null | tail -n 1)
    xfs_io -x -c shutdown "$mnt"
    kill -CONT "$pid" 2>/dev/null
    wait "$pid"
    umount "$mnt" && mount -o "loop${options:+,$options}" "$image" "$mnt" || { echo "remount failed"; return; }
    found=$("$writer" "$([ "$mode" = batch ] && echo --check-batch || echo --check)" "$mnt/settings.conf")
    umount "$mnt"
    if [ -z "$reported" ]; then
        # Nothing of this run reported: an older version, or none yet, is fine.
        [ "$found" -ge -2 ] && [ "$found" -ne -1 ] && echo ok || echo "no complete version ($found)"
    elif [ "$found" -lt 0 ]; then
        echo "version $reported reported saved, the file holds none ($found)"
    elif [ "$found" -lt "$reported" ]; then
        echo "version $reported reported saved, the file holds $found"
    else
        echo ok
    fi
}

# The writers that must lose nothing: one file, and a batch of files
# (write_files). The others are broken on purpose and must be caught.
holds() { [ "$1" = durable ] || [ "$1" = batch ]; }

run_config() {
    local name=$1 fs=$2 options=$3 image=$work/$1.img mode k result failures caught runs
    make_image "$fs" "$image"
    for mode in durable batch no-data-sync no-directory-sync; do
        failures=0
        caught=""
        # The batch's crashes are a third of the single file's: each cut
        # lands among eight files, in two directories.
        runs=$([ "$mode" = batch ] && echo $(((crashes + 2) / 3)) || echo "$crashes")
        for ((k = 1; k <= runs; k++)); do
            result=$(crash_once "$image" "$options" "$mode" $((k * 1000000)) "$([ $((k % 2)) -eq 1 ] && echo freeze)")
            if [ "$result" != ok ]; then
                failures=$((failures + 1))
                if holds "$mode"; then
                    echo "FAIL $name/$mode, crash $k: $result" >&2
                else
                    caught="crash $k: $result"
                    break
                fi
            fi
        done
        if holds "$mode"; then
            echo "power-cut $name/$mode: $runs crashes, $failures lost or torn" >&2
            printf 'power-cut\t%s/%s\t%d\t%d\n' "$name" "$mode" "$runs" "$failures"
        else
            echo "power-cut $name, writer without ${mode#no-}: ${caught:-not caught in $crashes crashes}" >&2
            printf 'power-cut\t%s/%s\t%d\t%d\n' "$name" "$mode" "$((k > crashes ? crashes : k))" "$([ -n "$caught" ] && echo 0 || echo 1)"
        fi
    done
}

run_config ext4 ext4 ""
run_config ext4-noauto_da_alloc ext4 noauto_da_alloc
run_config xfs xfs ""
