#!/usr/bin/env bash
# Copyright (c) 2026 The durable authors
# Distributed under the Boost Software License, Version 1.0.
#
# A short narrated run of the command-line tool: a durable replace and its
# system calls, the mode kept, a symbolic link kept, a failing disk that
# leaves the old file intact, and a configuration file checked and edited
# with its comments kept. Run through `./build.sh demo`.
#
#     demo.sh PATH-TO-durable

set -u
tool=$1
dir=$(mktemp -d "${TMPDIR:-/tmp}/durable-demo-XXXXXX")
trap 'rm -rf "$dir"' EXIT
cd "$dir"

step() { printf '\n\033[1m%s\033[0m\n' "$*"; }
show() { printf '\033[2m$ %s\033[0m\n' "$*"; eval "$@"; }

step "1. A durable replace. The new content goes to a temporary file beside the"
echo "   target, is synced, renamed over it, and the directory is synced:"
show "printf 'port = 8080\n' > settings.conf"
show "printf 'port = 9090\n' | strace -f -e trace=openat,write,fchmod,fdatasync,close,renameat,renameat2,fsync $tool write settings.conf 2>&1 | grep -v -e '/lib' -e '/etc/ld' -e '/proc' -e '/sys' -e exited"
show "cat settings.conf"

step "2. The mode is kept: a private file stays private."
show "chmod 600 settings.conf"
show "printf 'port = 9091\npassword = hunter2\n' | $tool write settings.conf"
show "ls -l settings.conf"

step "3. A symbolic link is kept, and the file it points at is replaced."
show "mkdir -p real && printf 'old\n' > real/app.conf && ln -s real/app.conf app.conf"
show "printf 'new through the link\n' | $tool write app.conf"
show "ls -l app.conf && cat real/app.conf"

step "4. A failing disk: the data sync reports an I/O error (injected by strace)."
echo "   The save fails with one clear line, the old content stays, no temporary file is left:"
show "printf 'port = 1\n' | strace -o /dev/null -e inject=fdatasync:error=EIO $tool write settings.conf; echo \"exit status \$?\""
show "cat settings.conf"
show "ls -A"

step "5. A JSON configuration edited in place: the comment and the layout stay."
show "printf '{\n    // where the daemon listens\n    \"port\": 8080\n}\n' > app.json"
show "$tool set app.json /port 9090 && $tool set app.json /host '\"example.org\"' && cat app.json"
show "$tool get --raw app.json /host"

step "6. Errors a loader would refuse, with line, column and JSON pointer."
show "printf '{\n    \"port\": 80,\n    \"port\": 81\n}\n' > dup.json"
show "$tool check dup.json; echo \"exit status \$?\""

step "Every save either happened completely and durably, or did not happen at all."
