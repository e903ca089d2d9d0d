#!/usr/bin/env bash
# Copyright (c) 2026 The durable authors
# Distributed under the Boost Software License, Version 1.0.
#
# The example daemon as an operator and other programs drive it, each a
# process of its own: the lines it prints, SIGHUP, the watch, broken files,
# --check, and a clean exit on SIGTERM and SIGINT.
#
#     daemon.sh DIRECTORY-OF-durable DIRECTORY-OF-THE-EXAMPLES

set -u
PATH="$(realpath "$1"):$(realpath "$2"):$PATH" # the script works in a directory of its own
. "$(dirname "$0")/common.sh"
cd "$test_dir" || exit 1

# Waits (up to 10 s) until the daemon has printed LINE as its line number N.
said() { # said N LINE
    for _ in $(seq 100); do
        [ "$(sed -n "$1p" out.txt)" = "$2" ] && return 0
        sleep 0.1
    done
    echo "line $1 is '$(sed -n "$1p" out.txt)', expected '$2'"
    return 1
}
lines() { [ "$(wc -l < out.txt)" -eq "$1" ]; }
start() { settings_daemon "$@" > out.txt & pid=$!; }
stop_with() { # stop_with SIGNAL: the daemon's exit status
    kill "-$1" "$pid"
    wait "$pid"
    local status=$?
    pid=
    return $status
}

start --no-watch s.json
check "a first start writes the defaults" said 1 "start ok generation=1"
check "the defaults are a good file" settings_daemon --check s.json
durable set s.json /listen/port 9090
sleep 0.3
check "without the watch, a change waits for SIGHUP" lines 1
kill -HUP "$pid"
check "SIGHUP reloads" said 2 "reload ok generation=2"
printf '{\n    "listen": {"port": "80"}\n}\n' > s.json
kill -HUP "$pid"
check "a broken file is rejected with its place, generation 2 runs on" \
    said 3 'reload failed generation=2: s.json:2:24: /listen/port: expected integer in [0, 65535], found string "80"'
settings_daemon --check s.json 2> err.txt
check "--check refuses it with exit 1" test $? -eq 1
check "--check prints the error" grep -qx 's.json:2:24: /listen/port: expected integer in \[0, 65535\], found string "80"' err.txt
stop_with TERM
check "SIGTERM exits with 0" test $? -eq 0
check "and says so last" said 4 "stop generation=2"

durable set s.json /listen/port 9091
start s.json
check "a restart loads the file" said 1 "start ok generation=1"
change_setting s.json 'good morning' > /dev/null
check "the watch sees another application's save" said 2 "reload ok generation=2"
check "the save is the whole file" test "$(durable get --raw s.json /greeting)" = "good morning"
durable set s.json /listen/port 0
# change_setting's typed save kept the layout printf wrote above (keep_layout):
# the port is still on line 2.
check "validation refuses a port of 0" said 3 "reload failed generation=2: s.json:2:24: /listen/port: must not be 0"
printf '{"listen": {"port": 7000}}\n' > s.json
check "an in-place rewrite is seen" said 4 "reload ok generation=3"
rm s.json
check "a deleted file keeps the configuration" said 5 "reload failed generation=3: s.json: read: No such file or directory"
durable set s.json /listen '{"port": 7001}'
check "a re-created file is loaded" said 6 "reload ok generation=4"
kill -HUP "$pid"
check "SIGHUP with nothing new reloads nothing new" said 7 "reload ok generation=4"
stop_with INT
check "SIGINT exits with 0" test $? -eq 0
check "and says so last" said 8 "stop generation=4"

# A FIFO or a link to /dev/zero in the file's place: each reload is refused
# at once, the daemon serves on, takes the file once it is fixed, and a
# SIGTERM ends it even with the FIFO still there.
durable set s.json /listen '{"port": 7002}'
start --no-watch s.json
check "a start for the FIFO cases" said 1 "start ok generation=1"
rm s.json && mkfifo s.json
kill -HUP "$pid"
check "a FIFO is refused without a read" said 2 "reload failed generation=1: s.json: read: not a regular file"
rm s.json && ln -s /dev/zero s.json
kill -HUP "$pid"
check "so is /dev/zero" said 3 "reload failed generation=1: s.json: read: not a regular file"
rm s.json && durable set s.json /listen '{"port": 7003}'
kill -HUP "$pid"
check "the fixed file is loaded" said 4 "reload ok generation=2"
rm s.json && mkfifo s.json
kill -HUP "$pid"
check "a FIFO again" said 5 "reload failed generation=2: s.json: read: not a regular file"
stop_with TERM
check "SIGTERM exits with 0 beside a FIFO" test $? -eq 0
check "and says so last" said 6 "stop generation=2"
rm s.json

printf '{"listen": ' > bad.json
settings_daemon bad.json > out.txt 2> err.txt
check "a broken file fails the start with exit 1" test $? -eq 1
check "the start names the place" grep -qx 'start failed: bad.json:1:12: unexpected end of file' err.txt
settings_daemon --check none.json
check "--check passes a missing file: the daemon would start on the defaults" test $? -eq 0
check "--check writes nothing" test ! -e none.json
settings_daemon 2> /dev/null
check "no FILE is a usage error" test $? -eq 2

check "no temporary file remains" test -z "$(ls -A | grep '\.tmp$')"
summary
