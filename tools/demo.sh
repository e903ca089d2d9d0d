#!/usr/bin/env bash
# Copyright (c) 2026 The durable authors
# Distributed under the Boost Software License, Version 1.0.
#
# The whole story in about a minute, narrated. The command-line tool: a
# durable replace and its system calls, the mode kept, a symbolic link kept,
# a failing disk that leaves the old file intact, a configuration file
# checked and edited with its comments kept. Then a daemon with a typed
# configuration (example/settings_daemon.cpp): a value changed with
# `durable set` and a SIGHUP reload, a broken file rejected with its line and
# column while the daemon keeps running on the last good configuration, a
# clean stop on SIGTERM, and a save by another application
# (example/change_setting.cpp) seen through the watch. Run through
# `./build.sh demo`.
#
#     demo.sh BUILD-DIRECTORY

set -u
build=$1
# The programs by their names, as a user would type them.
export PATH="$build/tools:$build/example:$PATH"
dir=$(mktemp -d "${TMPDIR:-/tmp}/durable-demo-XXXXXX")
daemon_pid=
trap '[ -n "$daemon_pid" ] && kill "$daemon_pid" 2>/dev/null; rm -rf "$dir"' EXIT
cd "$dir"

step() { printf '\n\033[1m%s\033[0m\n' "$*"; }
show() { printf '\033[2m$ %s\033[0m\n' "$*"; eval "$@"; }

# The daemon's lines, as they come: waits (up to 5 s) until its log has
# COUNT lines, then prints those not printed yet.
printed=0
daemon_says() {
    local count=$1
    for _ in $(seq 50); do
        [ "$(wc -l < daemon.log)" -ge "$count" ] && break
        sleep 0.1
    done
    tail -n +"$((printed + 1))" daemon.log | sed 's/^/    daemon| /'
    printed=$(wc -l < daemon.log)
}

start_daemon() {
    printed=0
    printf '\033[2m$ %s > daemon.log &\033[0m\n' "settings_daemon $*"
    settings_daemon "$@" > daemon.log &
    daemon_pid=$!
}

stop_daemon() {
    show "kill -TERM \$daemon_pid; wait \$daemon_pid; echo \"exit status \$?\""
    daemon_pid=
}

step "1. A durable replace. The new content goes to a temporary file beside the"
echo "   target, is synced, renamed over it, and the directory is synced:"
show "printf 'port = 8080\n' > settings.conf"
show "printf 'port = 9090\n' | strace -f -e trace=openat,write,fchmod,fdatasync,close,renameat,renameat2,fsync durable write settings.conf 2>&1 | grep -v -e '/lib' -e '/etc/ld' -e '/proc' -e '/sys' -e exited"
show "cat settings.conf"

step "2. The mode is kept: a private file stays private."
show "chmod 600 settings.conf"
show "printf 'port = 9091\npassword = hunter2\n' | durable write settings.conf"
show "ls -l settings.conf"

step "3. A symbolic link is kept, and the file it points at is replaced."
show "mkdir -p real && printf 'old\n' > real/app.conf && ln -s real/app.conf app.conf"
show "printf 'new through the link\n' | durable write app.conf"
show "ls -l app.conf && cat real/app.conf"

step "4. A failing disk: the data sync reports an I/O error (injected by strace)."
echo "   The save fails with one clear line, the old content stays, no temporary file is left:"
show "printf 'port = 1\n' | strace -o /dev/null -e inject=fdatasync:error=EIO durable write settings.conf; echo \"exit status \$?\""
show "cat settings.conf"
show "ls -A"

step "5. A JSON configuration edited in place: the comment and the layout stay."
show "printf '{\n    // where the daemon listens\n    \"port\": 8080\n}\n' > app.json"
show "durable set app.json /port 9090 && durable set app.json /host '\"example.org\"' && cat app.json"
show "durable get --raw app.json /host"

step "6. Errors a loader would refuse, with line, column and JSON pointer."
show "printf '{\n    \"port\": 80,\n    \"port\": 81\n}\n' > dup.json"
show "durable check dup.json; echo \"exit status \$?\""

step "7. A daemon with a typed configuration, reloading on SIGHUP only (--no-watch)."
echo "   Its file does not exist yet: it starts on the defaults and writes them."
start_daemon --no-watch settings.json
daemon_says 1
show "cat settings.json"
show "durable set settings.json /listen/port 9090"
echo "   Nothing happens until the daemon is told:"
show "kill -HUP \$daemon_pid"
daemon_says 2

step "8. A broken configuration: rejected with line, column and JSON pointer."
echo "   The daemon keeps running on generation 2, the last good configuration."
show "printf '{\\n    \"listen\": {\"port\": \"80\"}\\n}\\n' > settings.json"
show "kill -HUP \$daemon_pid"
daemon_says 3
show "settings_daemon --check settings.json; echo \"exit status \$?\""
echo "   SIGTERM stops it cleanly, once everything it saved is durable:"
stop_daemon
daemon_says 4

step "9. The same daemon, watching its file. Another application saves the file"
echo "   asynchronously; the save is complete when reported, the watch sees it."
show "durable set settings.json /listen/port 9091"
start_daemon settings.json
daemon_says 1
show "change_setting settings.json 'good morning'"
daemon_says 2
show "durable get settings.json /greeting"
echo "   A broken save through the watch is rejected too; a fix is picked up:"
show "durable set settings.json /listen/port 0"
daemon_says 3
show "durable set settings.json /listen/port 9092"
daemon_says 4
stop_daemon
daemon_says 5

step "Every save either happened completely and durably, or did not happen at all;"
echo "a daemon runs only on complete, valid configurations, and says why it refused one."
