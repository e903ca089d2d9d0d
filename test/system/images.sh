# Copyright (c) 2026 The durable authors
# Distributed under the Boost Software License, Version 1.0.
#
# Sourced by the system harness and the file-system benchmark: one way to
# make the file systems they run on, so that a figure and a crash test speak
# of the same thing.

# Makes a fresh file system of type $1 (ext4, xfs or btrfs) in the image
# file $2: 512 MiB, sparse (it costs the blocks written), made by mkfs with
# its defaults, journal included, as on a user's machine.
make_image() {
    local fs=$1 image=$2
    rm -f "$image"
    truncate -s 512M "$image"
    case $fs in
        ext4) mkfs.ext4 -q -F "$image" ;;
        xfs) mkfs.xfs -q -f "$image" ;;
        btrfs) mkfs.btrfs -q -f "$image" > /dev/null ;;
        *) echo "make_image: no file system '$fs'" >&2; return 2 ;;
    esac
}
