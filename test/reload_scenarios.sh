#!/usr/bin/env bash
# Copyright (c) 2026 The durable authors
# Distributed under the Boost Software License, Version 1.0.
#
# The ways people and programs change a configuration file, each against a
# fresh example daemon that watches it: what the daemon must end on, and
# that it cried wolf at no point. A scenario passes when, a second after the
# change (twice the settle_quiet of 500 ms), the daemon has printed no
# "reload failed" line, its last line is "reload ok generation=G" for the
# expected generation G (or any G > 1 for bursts, whose reloads may
# coalesce), and the file it runs on is the one the change meant.
#
#     reload_scenarios.sh DIRECTORY-OF-durable DIRECTORY-OF-THE-EXAMPLES

set -u
PATH="$(realpath "$1"):$(realpath "$2"):$PATH"
. "$(dirname "$0")/common.sh"
chmod 0755 "$test_dir" # for the scenarios whose daemon runs as nobody

fail() { echo "FAILED: $name: $*"; sed 's/^/    daemon: /' "$dir/out.txt"; failures=$((failures + 1)); }
text() { printf '{\n    "listen": {"port": %s}\n}\n' "$1"; }
port_of() { durable get "$dir/s.json" /listen/port 2>/dev/null; }

# Waits (up to 10 s) until the daemon's last line starts with $1.
last_line_is() {
    for _ in $(seq 100); do
        case "$(tail -n 1 "$dir/out.txt")" in "$1"*) return 0 ;; esac
        sleep 0.1
    done
    return 1
}

# scenario NAME GENERATION PORT [RUN-AS [FAILURE]]: runs the function
# change_NAME in a fresh directory against a daemon started on s.json with
# port 7000, and checks the outcome. GENERATION is the final generation, or
# "+" for any above 1; PORT the port the file must hold at the end; FAILURE
# the end of the one failure line a real failure must print.
scenario() {
    name=$1
    local generation=$2 port=$3 run_as=${4:-} failure=${5:-}
    checks=$((checks + 1))
    dir=$test_dir/$name
    mkdir -p "$dir" && chmod 0755 "$dir"
    cd "$dir" || exit 1
    "setup_$name" 2>/dev/null || text 7000 > s.json
    [ -n "$run_as" ] && chown -R "$run_as:$run_as" "$dir"
    if [ -n "$run_as" ]; then
        setpriv --reuid="$run_as" --regid="$run_as" --clear-groups settings_daemon s.json > out.txt &
    else
        settings_daemon s.json > out.txt &
    fi
    pid=$!
    last_line_is "start ok generation=1" || { fail "no start"; kill -KILL "$pid"; pid=; return; }
    "change_$name"
    sleep 1
    local expected="reload ok generation=$generation"
    [ "$generation" = "+" ] && expected="reload ok generation="
    if [ -z "$failure" ] && grep -q "reload failed" out.txt; then
        fail "a failure was reported"
    elif [ -n "$failure" ] && [ "$(grep -c "reload failed.*$failure\$" out.txt)/$(grep -c "reload failed" out.txt)" != 1/1 ]; then
        fail "expected one failure line ending in '$failure'"
    elif ! last_line_is "$expected"; then
        fail "the last line is '$(tail -n 1 out.txt)', expected '$expected'"
    elif [ "$generation" = "+" ] && [ "$(tail -n 1 out.txt)" = "reload ok generation=1" ]; then
        fail "the change was never taken"
    elif [ "$(port_of)" != "$port" ]; then
        fail "the file holds port '$(port_of)', expected $port"
    fi
    kill -TERM "$pid"
    wait "$pid" || fail "SIGTERM did not exit with 0"
    pid=
    cd "$test_dir" || exit 1
}

change_mv() { text 7001 > new.json && mv new.json s.json; }
change_sed_in_place() { sed -i 's/7000/7001/' s.json; }
change_cp_in_place() { text 7001 > new.json && cp new.json s.json; }
change_echo() { text 7001 > s.json; }
change_truncate_then_append() { : > s.json; sleep 0.1; text 7001 >> s.json; }
change_delete_then_slow_generator() {
    rm s.json
    { printf '{\n'; sleep 0.2; printf '    "listen": '; sleep 0.2; printf '{"port": 7001}\n}\n'; } > s.json
}
change_slow_generator_over_the_file() {
    { printf '{\n'; sleep 0.3; printf '    "listen": '; sleep 0.3; printf '{"port": 7001}\n}\n'; } > s.json
}
change_cp_burst() {
    for p in $(seq 7001 7020); do text "$p" > "n$p.json"; done
    for p in $(seq 7001 7020); do cp "n$p.json" s.json; sleep 0.02; done
}
change_continuous_writes() { for p in $(seq 7001 7100); do text "$p" > s.json; sleep 0.01; done; }
change_sighup_during_a_slow_write() {
    { printf '{\n    "listen": '; sleep 0.4; printf '{"port": 7001}\n}\n'; } > s.json &
    sleep 0.1
    kill -HUP "$pid"
    wait $!
}
change_sighup_burst() { text 7001 > s.json; for _ in $(seq 20); do kill -HUP "$pid"; done; }
# vim's three ways to write: a new file renamed over (backupcopy=no), the
# old file rewritten in place (yes), and vim's own choice (auto).
vim_edit() { vim -u NONE -i NONE -N -n -es -c "set backupcopy=$1" -c '%s/7000/7001/' -c 'wq' s.json; }
change_vim_backupcopy_no() { vim_edit no; }
change_vim_backupcopy_yes() { vim_edit yes; }
change_vim_backupcopy_auto() { vim_edit auto; }
# A Kubernetes ConfigMap: s.json -> ..data/s.json, ..data -> a version.
setup_configmap_swap() {
    mkdir v1 && text 7000 > v1/s.json && ln -s v1 ..data && ln -s ..data/s.json s.json
}
change_configmap_swap() {
    mkdir v2 && text 7001 > v2/s.json && ln -s v2 ..data_tmp && mv -T ..data_tmp ..data && rm -r v1
}
change_delete_and_recreate() { rm s.json; text 7001 > s.json; }
# Run as another user: root would read the file whatever its mode.
change_chmod_000_then_644() { chmod 000 s.json; sleep 0.1; chmod 644 s.json; text 7001 > new.json; mv new.json s.json; }
# Unreadable for longer than settle_quiet: a real failure, reported once;
# the permission fix alone (no content changes) brings the daemon back.
change_chmod_000_for_a_while() { chmod 000 s.json; sleep 1.5; chmod 644 s.json; }

scenario mv 2 7001
scenario sed_in_place 2 7001
scenario cp_in_place 2 7001
scenario echo 2 7001
scenario truncate_then_append 2 7001
scenario delete_then_slow_generator 2 7001
scenario slow_generator_over_the_file 2 7001
scenario cp_burst + 7020
scenario continuous_writes + 7100
scenario sighup_during_a_slow_write 2 7001
scenario sighup_burst 2 7001
scenario vim_backupcopy_no 2 7001
scenario vim_backupcopy_yes 2 7001
scenario vim_backupcopy_auto 2 7001
scenario configmap_swap 2 7001
scenario delete_and_recreate 2 7001
if [ "$(id -u)" -eq 0 ]; then
    scenario chmod_000_then_644 2 7001 65534
    scenario chmod_000_for_a_while 1 7000 65534 "s.json: read: Permission denied"
fi

summary
