#!/usr/bin/env bash
# Copyright (c) 2026 The durable authors
# Distributed under the Boost Software License, Version 1.0.
#
# A benchmark, the replace benchmark unless told, on the file systems users
# have: the one the build directory is on, then fresh loop images of ext4,
# xfs and btrfs, each made by mkfs with its defaults (journal included) as
# the system harness makes them. The costs of a save are its two syncs, and
# what a sync costs is the file system's: a figure from one file system says
# little of another. Needs root (mounts). Prints one set of tables per file
# system.
#
#   file_systems.sh BUILD_DIR [--program NAME] [FILE_SYSTEM...] [-- OPTIONS of the program]
#
# NAME: the program bench/durable_bench_NAME of the build (replace, async,
# batch, uring, ...; default replace), which takes --dir.
# FILE_SYSTEM: root, ext4, xfs, btrfs (default: all four).

set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../test/system/images.sh"
build=$(cd "$1" && pwd)
shift
program=replace
if [ "${1:-}" = --program ]; then
    program=${2:?--program wants a name}
    shift 2
fi
bench=$build/bench/durable_bench_$program
file_systems=()
while [ $# -gt 0 ] && [ "$1" != -- ]; do
    file_systems+=("$1")
    shift
done
[ $# -gt 0 ] && shift
[ ${#file_systems[@]} -gt 0 ] || file_systems=(root ext4 xfs btrfs)

work=$(mktemp -d "${TMPDIR:-/tmp}/durable-bench.XXXXXX")
mnt=$work/mnt
mkdir -p "$mnt"
cleanup() {
    mountpoint -q "$mnt" && umount "$mnt"
    rm -rf "$work"
}
trap cleanup EXIT

for fs in "${file_systems[@]}"; do
    if [ "$fs" = root ]; then
        dir=$work/root
        mkdir -p "$dir"
        title="the build's file system: $(findmnt -no FSTYPE,OPTIONS -T "$work")"
    else
        make_image "$fs" "$work/$fs.img"
        mount -o loop "$work/$fs.img" "$mnt"
        dir=$mnt/bench
        title="$fs, a loop image made by mkfs with its defaults"
    fi
    printf '\n\033[1m== %s\033[0m\n' "$title"
    "$bench" --dir "$dir" "$@"
    if [ "$fs" != root ]; then
        umount "$mnt"
        rm -f "$work/$fs.img"
    fi
done
