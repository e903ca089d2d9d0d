#!/usr/bin/env bash
# Copyright (c) 2026 The durable authors
# Distributed under the Boost Software License, Version 1.0.
#
# Tier "hostile" of the system harness: another local user against root's
# saves (issue 13, contract G8 and G9). The real tool and a program using the
# library (hostile_saver.cpp) run as root; the attacker is an unprivileged
# user who can write a sticky world-writable directory (as /tmp) and owns a
# directory of their own.
#
#   hostile.sh BUILD_DIR WORK_DIR
#
# Needs root. Makes, on a fresh tmpfs at WORK_DIR/mnt:
#
#   etc/       root's 0755 directory: victim.conf (0644), cron.d/ (empty)
#   root-only/ root's 0700 directory: secret (0600)
#   sticky/    1777, owned by root, as /tmp
#   att/       0755, the attacker's own
#   plain/, acl/, acl-default/   root's 0755 directories
#
# The attacker is the user durable-attacker, created with useradd (a system
# user, its own group, no home, no shell, the comment "durable hostile tier")
# and removed at the end; a user of that name left by an interrupted run is
# taken over if it has that comment. A second unprivileged user, nobody, is
# the named user who keeps access in the ACL row. The attacker's commands run
# through setpriv (its uid and gid, no other group, no capability).
#
# Every attack runs twice: with fs.protected_symlinks and fs.protected_regular
# both 0, then both 1 (their values are saved first and restored at the end).
# What must hold is the same under both: the library must keep the kernel's
# rules itself (it resolves links and replaces files by rename, where the
# kernel's checks never apply), so a library that only passes with the
# sysctls on leans on the kernel where it does not protect it. Every check is
# on exit codes and on the files; the error messages are printed, not matched.
# No command may take more than 3 s (a save on tmpfs takes milliseconds):
# one that does counts as hung.
#
# Rows (one per attack of issue 13; a case is one command, or one save, and
# its checks; "tool" is `durable write` and `durable set`, "library" is
# write_file() and config_file<T>::save()):
#
#   symlink         the attacker's link in sticky/ to etc/victim.conf, a
#                   dangling one to etc/cron.d/new.conf, and sticky/d ->
#                   etc/ with root saving sticky/d/x.conf; tool and library:
#                   exit 1, the victim byte for byte the same, the link still
#                   the attacker's link, nothing created in etc/. (A link in
#                   the attacker's own directory is followed by the kernel's
#                   rules too: write_options' follow policy, not a row.)
#   backup-swap     root saves att/app.conf (the attacker's file, as an
#                   administrator's tool edits a user's settings) with
#                   keep_backup, 20 times, while the attacker swaps it as
#                   fast as it can for a link to root-only/secret and back,
#                   having made app.conf.bak itself, 0666: the secret never
#                   in any file the attacker can read (read by the attacker
#                   after each save, and as each file is closed after
#                   writing); then swapped for a FIFO: every save returns.
#                   Library only: the tool has no backup option.
#   backup-mode     no attacker: the .bak of a 0600 file (root's, the
#                   attacker's, and over an older 0644 .bak) is 0600 and has
#                   the target's owner and group. Library only.
#   sticky-regular  the attacker makes sticky/app.conf their own 0666 file;
#                   root saves it (tool and library): exit 1, the
#                   attacker's file unchanged, no file of the attacker holds
#                   root's content (protected_regular).
#   fifo            a FIFO of the attacker at sticky/ and att/: `durable
#                   check`, `get`, `set`, `fmt` and config_file<T>::load
#                   return, with exit 1; the FIFO stays.
#   dev-zero        `durable check` and config_file<T>::load of /dev/zero, of
#                   the attacker's link att/zero.conf -> /dev/zero and of
#                   /proc/self/pagemap (a regular file of size 0 and no end),
#                   under `ulimit -v` 512 MiB: exit 1, and a maximum resident
#                   set (/usr/bin/time) under 100 MiB (the read limit is
#                   16 MiB).
#   orphan-sweep    a program holds a live temporary file (an atomic_file
#                   written, not committed) while another process saves the
#                   same target (the tool, and write_file()): the sweeper
#                   without /proc (unshare -m, an empty tmpfs on /proc); the
#                   holder in a sandbox with a boot id of its own (a file
#                   bound over /proc/sys/kernel/random/boot_id); the holder
#                   without /proc. The live temporary file survives the
#                   sweep and the holder's commit then succeeds.
#   temp-names      a long-lived program saves sticky/pred.conf every 50 ms;
#                   the attacker sees one of its temporary names (inotify),
#                   computes the nonces that follow (today's splitmix64 is
#                   invertible) and creates the next 400 names; then 20 more
#                   saves must all succeed. Library only: the tool saves once
#                   per process.
#   acl             a target with u:nobody:r--, u:ATTACKER:---, group::---,
#                   mask::r--, its group the attacker's, and an attribute
#                   security.durable_test: after each save (tool and
#                   library) getfacl and the attribute are as before, nobody
#                   still reads it, the attacker still cannot; and new files
#                   in a directory with a default ACL get the ACL of a file
#                   made by touch.
#
# Prints one row per attack: "hostile<TAB>ATTACK<TAB>CASES<TAB>FAILURES", and
# each failure, with the commands' standard error, on standard error. Cleans
# up (processes, mount, sysctls, user) on any exit, Ctrl-C included.

set -uo pipefail
build=$(cd "$1" && pwd)
work=$2
tool=$build/tools/durable
limit=3
user=durable-attacker
comment="durable hostile tier"
mkdir -p "$work"
work=$(cd "$work" && pwd)
mnt=$work/mnt
err=$work/stderr
out=$work/stdout

saved_symlinks=$(cat /proc/sys/fs/protected_symlinks)
saved_regular=$(cat /proc/sys/fs/protected_regular)
remove_user=0
# The background processes still running, by pid: only those are stopped.
declare -A running=()
started() { running[$1]=1; }
finished() { unset "running[$1]"; }

cleanup() {
    local pid
    # TERM, which timeout passes on to the command it runs.
    for pid in "${!running[@]}"; do
        kill "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
    done
    echo "$saved_symlinks" > /proc/sys/fs/protected_symlinks
    echo "$saved_regular" > /proc/sys/fs/protected_regular
    if mountpoint -q "$mnt"; then
        umount "$mnt" 2>/dev/null || umount -l "$mnt"
    fi
    if [ "$remove_user" = 1 ]; then
        userdel "$user" 2>/dev/null || echo "hostile: could not remove the user $user" >&2
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A setup that fails is a failed row, not a tier that silently ran nothing.
die() {
    echo "hostile: $*" >&2
    printf 'hostile\tsetup\t0\t1\n'
    exit 1
}

if getent passwd "$user" > /dev/null; then
    [ "$(getent passwd "$user" | cut -d: -f5)" = "$comment" ] ||
        die "a user $user exists and is not this tier's"
else
    useradd --system --user-group --no-create-home --home-dir /nonexistent \
        --shell /usr/sbin/nologin --comment "$comment" "$user" ||
        die "useradd failed"
fi
remove_user=1
att_uid=$(id -u "$user")
att_gid=$(id -g "$user")

as_user() {
    local uid=$1 gid=$2
    shift 2
    setpriv --reuid="$uid" --regid="$gid" --clear-groups --inh-caps=-all -- "$@"
}
as_attacker() { as_user "$att_uid" "$att_gid" "$@"; }
as_nobody() { as_user 65534 65534 "$@"; }

mkdir -p "$mnt"
mount -t tmpfs -o size=64m,mode=0755 durable-hostile "$mnt" || die "mount failed"
cd "$mnt"
as_attacker test -x "$mnt" ||
    die "$user cannot reach $mnt: every directory above it must be searchable by others"
mkdir -p bin etc/cron.d root-only sticky att plain acl acl-default ctl
chmod 0700 root-only
chmod 1777 sticky
chown "$user:$user" att
# The attacker's side runs from here, where the attacker can reach it, with
# the shared library if the build has one (the program looks beside itself).
cp "$build/test/system/durable_hostile_saver" bin/
for library in "$build"/libdurable.so*; do
    if [ -e "$library" ]; then cp -P "$library" bin/; fi
done
saver=$mnt/bin/durable_hostile_saver
victim=$mnt/etc/victim.conf
victim_text='{"owner": "root", "victim": true}'
secret=$mnt/root-only/secret
secret_text="root's secret $RANDOM$RANDOM$RANDOM"
umask 022

declare -A cases failures
rows=(symlink backup-swap backup-mode sticky-regular fifo dev-zero orphan-sweep temp-names acl)
for row in "${rows[@]}"; do cases[$row]=0; failures[$row]=0; done

# One case: begin ROW WHAT, any number of `problem MESSAGE`, end.
begin() { row=$1 what=$2 problems=0; : > "$err"; : > "$out"; }
problem() {
    problems=$((problems + 1))
    echo "FAIL $row [protected=$setting] $what: $*" >&2
}
end() {
    cases[$row]=$((cases[$row] + 1))
    if [ "$problems" -gt 0 ]; then
        failures[$row]=$((failures[$row] + 1))
        [ -s "$err" ] && sed 's/^/    stderr: /' "$err" >&2
        [ -s "$out" ] && sed 's/^/    stdout: /' "$out" >&2
    fi
}
# A case that returned in time with exit 1: refused, not crashed or hung.
expect_refused() {
    case $1 in
        1) ;;
        0) problem "exit 0: not refused" ;;
        137) problem "did not return in ${limit} s" ;;
        *) problem "exit $1" ;;
    esac
}
expect_saved() {
    case $1 in
        0) ;;
        137) problem "did not return in ${limit} s" ;;
        *) problem "exit $1: the save failed" ;;
    esac
}

# Root saves FILE with METHOD, the new content naming MARKER; prints nothing,
# returns the exit code (137: killed after $limit s). A 4th argument
# --backup asks the library for keep_backup. The command runs under
# "${wrap[@]}" (see in_env) when it is set.
wrap=()
save_by() {
    local method=$1 file=$2 marker=$3 backup=${4:-}
    case $method in
        tool-write) printf '{"name": "%s", "level": 2}\n' "$marker" |
            "${wrap[@]}" timeout -s KILL "$limit" "$tool" write "$file" ;;
        tool-set) "${wrap[@]}" timeout -s KILL "$limit" "$tool" set "$file" /name "\"$marker\"" ;;
        lib-write) "${wrap[@]}" timeout -s KILL "$limit" "$saver" write "$file" \
            "{\"name\": \"$marker\", \"level\": 2}" $backup ;;
        lib-config) "${wrap[@]}" timeout -s KILL "$limit" "$saver" config-save "$file" "$marker" $backup ;;
    esac > "$out" 2> "$err"
}
methods=(tool-write tool-set lib-write lib-config)

# The start of a file, on one line.
show() { head -c 200 "$1" | tr '\n' ' '; }

reset_victim() {
    rm -rf etc
    mkdir -p etc/cron.d
    printf '%s\n' "$victim_text" > "$victim"
    chmod 0644 "$victim"
}
reset_secret() {
    rm -rf root-only/*
    printf '%s\n' "$secret_text" > "$secret"
    chmod 0600 "$secret"
}
etc_untouched() {
    [ "$(cat "$victim")" = "$victim_text" ] || problem "etc/victim.conf changed: $(show "$victim")"
    [ "$(stat -c '%a %U' "$victim")" = "644 root" ] || problem "etc/victim.conf now $(stat -c '%a %U' "$victim")"
    local extra
    extra=$(ls -A etc etc/cron.d | grep -v -x -e 'etc:' -e 'etc/cron.d:' -e cron.d -e victim.conf -e '' | tr '\n' ' ')
    [ -z "$extra" ] || problem "created in etc/: $extra"
}

attack_symlink() {
    local m rc
    for m in "${methods[@]}"; do
        reset_victim
        rm -rf sticky/*
        as_attacker ln -s "$victim" sticky/app.conf
        begin symlink "$m of sticky/app.conf -> etc/victim.conf"
        save_by "$m" "$mnt/sticky/app.conf" "root's $m"
        expect_refused $?
        etc_untouched
        [ -L sticky/app.conf ] && [ "$(readlink sticky/app.conf)" = "$victim" ] &&
            [ "$(stat -c %U sticky/app.conf)" = "$user" ] || problem "sticky/app.conf is no longer the attacker's link"
        end

        reset_victim
        rm -rf sticky/*
        as_attacker ln -s "$mnt/etc/cron.d/new.conf" sticky/new.conf
        begin symlink "$m of sticky/new.conf -> etc/cron.d/new.conf (dangling)"
        save_by "$m" "$mnt/sticky/new.conf" "root's $m"
        expect_refused $?
        etc_untouched
        end

        reset_victim
        rm -rf sticky/*
        as_attacker ln -s "$mnt/etc" sticky/d
        begin symlink "$m of sticky/d/x.conf, sticky/d -> etc"
        save_by "$m" "$mnt/sticky/d/x.conf" "root's $m"
        expect_refused $?
        etc_untouched
        end
    done
    rm -rf sticky/*
    reset_victim
}

# Every file in att/ that the attacker can read and that holds the secret.
secret_readable() {
    as_attacker grep -rlF -D skip -e "$secret_text" att 2>/dev/null
}

attack_backup_swap() {
    local kind m i rc swapper leaks hung
    for kind in link fifo; do
        for m in lib-write lib-config; do
            rm -rf att/* att/.[!.]* ctl/*
            reset_secret
            as_attacker sh -c 'printf "{\"name\": \"attacker\", \"level\": 1}\n" > att/app.conf &&
                printf "the attacker'\''s own backup\n" > att/app.conf.bak && chmod 0666 att/app.conf.bak'
            timeout -s KILL 60 setpriv --reuid="$att_uid" --regid="$att_gid" --clear-groups --inh-caps=-all -- \
                "$saver" swap "$mnt/att" app.conf "$kind" "$secret" "$mnt/ctl/stop" "$secret_text" \
                > "$work/swap.out" 2>&1 &
            swapper=$!
            started "$swapper"
            hung=0
            for i in $(seq 1 20); do
                begin backup-swap "$m with keep_backup, att/app.conf swapped for a $kind, save $i"
                save_by "$m" "$mnt/att/app.conf" "root's save $i" --backup
                rc=$?
                [ "$rc" = 137 ] && { problem "did not return in ${limit} s"; hung=1; }
                leaks=$(secret_readable)
                [ -z "$leaks" ] || problem "the attacker reads the secret in: $(tr '\n' ' ' <<< "$leaks")"
                end
                # A save through the link (the follow policy, in the
                # attacker's own directory) replaced the secret: put it back.
                reset_secret
                # One hang shows it; more would only cost time.
                [ "$hung" = 1 ] && break
            done
            touch ctl/stop
            wait "$swapper"
            rc=$?
            finished "$swapper"
            begin backup-swap "$m with keep_backup, att/app.conf swapped for a $kind: what the attacker read meanwhile"
            [ "$rc" = 0 ] || problem "the attacker read the secret (exit $rc): $(tr '\n' ' ' < "$work/swap.out")"
            end
            echo "backup-swap [protected=$setting] $m, $kind: $(head -n 1 "$work/swap.out")" >&2
        done
    done
    rm -rf att/* att/.[!.]* ctl/*
    reset_secret
}

attack_backup_mode() {
    local m owner rc
    for m in lib-write lib-config; do
        for owner in root "$user" root-over-old-bak; do
            rm -rf plain/*
            printf 'old content of %s\n' "$owner" > plain/private.conf
            chmod 0600 plain/private.conf
            if [ "$owner" = root-over-old-bak ]; then
                printf 'an older backup\n' > plain/private.conf.bak
                chmod 0644 plain/private.conf.bak
            else
                chown "$owner:$owner" plain/private.conf
            fi
            local expected
            expected=$(stat -c '600 %U:%G' plain/private.conf)
            begin backup-mode "$m with keep_backup of a 0600 file of $owner"
            save_by "$m" "$mnt/plain/private.conf" "root's save" --backup
            expect_saved $?
            [ "$(stat -c '%a %U:%G' plain/private.conf.bak 2>&1)" = "$expected" ] ||
                problem ".bak is $(stat -c '%a %U:%G' plain/private.conf.bak 2>&1), the target $expected"
            [ "$(cat plain/private.conf.bak 2>/dev/null)" = "old content of $owner" ] ||
                problem ".bak does not hold the old content"
            end
        done
    done
    rm -rf plain/*
}

attack_sticky_regular() {
    local m marker leaked
    for m in "${methods[@]}"; do
        rm -rf sticky/*
        as_attacker sh -c 'printf "{\"name\": \"attacker\", \"level\": 1}\n" > sticky/app.conf && chmod 0666 sticky/app.conf'
        marker="root's content by $m"
        begin sticky-regular "$m of sticky/app.conf, the attacker's 0666 file"
        save_by "$m" "$mnt/sticky/app.conf" "$marker"
        expect_refused $?
        [ "$(cat sticky/app.conf)" = '{"name": "attacker", "level": 1}' ] &&
            [ "$(stat -c '%U' sticky/app.conf)" = "$user" ] ||
            problem "the attacker's file changed: $(stat -c '%a %U' sticky/app.conf): $(show sticky/app.conf)"
        leaked=$(find sticky -user "$user" -type f -exec grep -lF -e "$marker" {} + 2>/dev/null)
        [ -z "$leaked" ] || problem "root's content is in the attacker's $(tr '\n' ' ' <<< "$leaked")"
        end
    done
    rm -rf sticky/*
}

attack_fifo() {
    local dir cmd pids=() file
    local -A rc_file
    rm -rf sticky/* att/*
    for dir in sticky att; do
        for cmd in check get set fmt load; do
            file=$mnt/$dir/fifo-$cmd.conf
            as_attacker mkfifo "$file"
            rc_file[$dir-$cmd]=$work/fifo-$dir-$cmd
            # All at once: a hang costs the time limit once, not ten times.
            (
                case $cmd in
                    check) timeout -s KILL "$limit" "$tool" check "$file" ;;
                    get) timeout -s KILL "$limit" "$tool" get "$file" /name ;;
                    set) timeout -s KILL "$limit" "$tool" set "$file" /name '"root"' ;;
                    fmt) timeout -s KILL "$limit" "$tool" fmt "$file" ;;
                    load) timeout -s KILL "$limit" "$saver" config-load "$file" ;;
                esac > /dev/null 2> "${rc_file[$dir-$cmd]}.err"
                echo $? > "${rc_file[$dir-$cmd]}"
            ) &
            pids+=($!)
        done
    done
    wait "${pids[@]}"
    for dir in sticky att; do
        for cmd in check get set fmt load; do
            begin fifo "$cmd of a FIFO at $dir/"
            cp "${rc_file[$dir-$cmd]}.err" "$err"
            expect_refused "$(cat "${rc_file[$dir-$cmd]}")"
            [ -p "$dir/fifo-$cmd.conf" ] || problem "$dir/fifo-$cmd.conf is no longer a FIFO"
            end
        done
    done
    rm -rf sticky/* att/*
}

attack_dev_zero() {
    local source cmd rc rss
    rm -rf att/*
    as_attacker ln -s /dev/zero att/zero.conf
    for source in /dev/zero "$mnt/att/zero.conf" /proc/self/pagemap; do
        for cmd in check load; do
            begin dev-zero "$cmd of $source"
            (
                ulimit -v $((512 * 1024))
                case $cmd in
                    check) /usr/bin/time -f %M -o "$work/rss" timeout -s KILL "$limit" "$tool" check "$source" ;;
                    load) /usr/bin/time -f %M -o "$work/rss" timeout -s KILL "$limit" "$saver" config-load "$source" ;;
                esac > "$out" 2> "$err"
            )
            rc=$?
            # time prints "Command exited with non-zero status N" first.
            rss=$(tail -n 1 "$work/rss")
            expect_refused "$rc"
            [ "${rss:-0}" -lt $((100 * 1024)) ] || problem "maximum resident set $((rss / 1024)) MiB"
            end
        done
    done
    rm -rf att/*
}

# The live temporary file of a save in progress survives another process's
# sweep. $1: how the holder runs, $2: how the sweeper runs (plain, no-proc,
# own-boot), $3: the sweeper's method.
sweep_case() {
    local holder_env=$1 sweeper_env=$2 m=$3 holder rc temp i
    rm -rf plain/* ctl/*
    printf 'old\n' > plain/app.conf
    begin orphan-sweep "holder $holder_env, sweeper $sweeper_env ($m)"
    in_env "$holder_env" "$saver" hold "$mnt/plain/app.conf" "held content" "$mnt/ctl/ready" "$mnt/ctl/go" \
        > "$work/holder.out" 2> "$work/holder.err" &
    holder=$!
    started "$holder"
    for ((i = 0; i < 300; i++)); do [ -e ctl/ready ] && break; sleep 0.01; done
    temp=$(ls -A plain | grep -v -x app.conf)
    if [ -z "$temp" ]; then
        problem "the holder made no temporary file"
    else
        wrap=(in_env "$sweeper_env")
        save_by "$m" "$mnt/plain/app.conf" sweeper
        expect_saved $?
        wrap=()
        [ -e "plain/$temp" ] || problem "the live temporary file $temp was deleted by the sweep"
    fi
    touch ctl/go
    wait "$holder"
    rc=$?
    finished "$holder"
    cat "$work/holder.err" >> "$err"
    [ "$rc" = 0 ] || problem "the holder's commit failed (exit $rc)"
    [ "$(cat plain/app.conf)" = "held content" ] || problem "the file holds '$(show plain/app.conf)', not the holder's content"
    end
    rm -rf plain/* ctl/*
}

in_env() {
    local env=$1
    shift
    case $env in
        plain) "$@" ;;
        no-proc) unshare -m sh -c 'mount -t tmpfs none /proc && exec "$@"' sh "$@" ;;
        own-boot) unshare -m sh -c 'mount --bind "$0" /proc/sys/kernel/random/boot_id && exec "$@"' \
            "$work/boot_id" "$@" ;;
    esac
}

attack_orphan_sweep() {
    local m
    echo 0badb007-0000-4000-8000-000000000000 > "$work/boot_id"
    for m in tool-write lib-write; do
        sweep_case plain no-proc "$m"
        sweep_case own-boot plain "$m"
        sweep_case no-proc plain "$m"
    done
}

attack_temp_names() {
    local loop rc line
    rm -rf sticky/* ctl/*
    printf 'version 0\n' > sticky/pred.conf
    "$saver" loop "$mnt/sticky/pred.conf" "$mnt/ctl/trigger" 20 > "$work/loop.out" 2> "$work/loop.err" &
    loop=$!
    started "$loop"
    begin temp-names "the attacker predicts the temporary names of a long-lived saver in sticky/"
    timeout -s KILL 12 setpriv --reuid="$att_uid" --regid="$att_gid" --clear-groups --inh-caps=-all -- \
        "$saver" predict "$mnt/sticky" pred.conf 400 > "$out" 2> "$err"
    rc=$?
    touch ctl/trigger
    wait "$loop"
    finished "$loop"
    echo "temp-names [protected=$setting]: $(cat "$out")" >&2
    # 3: a name the attacker cannot predict from, which is the point.
    [ "$rc" = 0 ] || [ "$rc" = 3 ] || problem "the attacker saw no temporary name: the attack did not run (exit $rc)"
    line=$(cat "$work/loop.out")
    cat "$work/loop.err" >> "$err"
    if [[ $line =~ ^([0-9]+)\ ([0-9]+)$ ]]; then
        # Each save after the attack is a case; report them as such.
        cases[temp-names]=$((cases[temp-names] + BASH_REMATCH[1] - 1))
        if [ "${BASH_REMATCH[2]}" -gt 0 ]; then
            problem "${BASH_REMATCH[2]} of ${BASH_REMATCH[1]} saves failed"
            failures[temp-names]=$((failures[temp-names] + BASH_REMATCH[2] - 1))
        fi
    else
        problem "the saver did not finish: '$line'"
    fi
    end
    rm -rf sticky/* sticky/.[!.]* ctl/*
}

acl_of() { getfacl -p "$1" 2>&1 | sed 1d; }

attack_acl() {
    local m before after file
    for m in "${methods[@]}"; do
        file=$mnt/acl/app.conf
        rm -rf acl/*
        printf '{"name": "old", "level": 1}\n' > "$file"
        chown "root:$user" "$file"
        chmod 0640 "$file"
        setfacl -m "u:nobody:r--,u:$user:---,g::---,m::r--" "$file"
        setfattr -n security.durable_test -v kept "$file"
        before=$(acl_of "$file")
        begin acl "$m of a file with an access ACL and a security.* attribute"
        save_by "$m" "$file" "root's $m"
        expect_saved $?
        grep -qF "root's $m" "$file" || problem "the file does not hold the new content"
        after=$(acl_of "$file")
        [ "$before" = "$after" ] ||
            problem "getfacl before: $(tr '\n' ' ' <<< "$before")| after: $(tr '\n' ' ' <<< "$after")"
        [ "$(getfattr --only-values -n security.durable_test "$file" 2>/dev/null)" = kept ] ||
            problem "security.durable_test is gone"
        as_nobody cat "$file" > /dev/null 2>&1 || problem "nobody (u:nobody:r--) can no longer read it"
        ! as_attacker cat "$file" > /dev/null 2>&1 || problem "the attacker (u:$user:---, the owning group) now reads it"
        end
    done

    rm -rf acl-default/*
    setfacl -b acl-default
    setfacl -d -m "u:nobody:r--,u:$user:---,g::---,m::r--,o::---" acl-default
    touch acl-default/reference
    for m in "${methods[@]}"; do
        file=$mnt/acl-default/new-$m.conf
        begin acl "$m of a new file in a directory with a default ACL"
        save_by "$m" "$file" "root's $m"
        expect_saved $?
        before=$(acl_of acl-default/reference)
        after=$(acl_of "$file")
        [ "$before" = "$after" ] ||
            problem "getfacl of touch: $(tr '\n' ' ' <<< "$before")| of the save: $(tr '\n' ' ' <<< "$after")"
        end
    done
    rm -rf acl/* acl-default/*
}

start=$SECONDS
for setting in 0 1; do
    echo "$setting" > /proc/sys/fs/protected_symlinks
    echo "$setting" > /proc/sys/fs/protected_regular
    attack_symlink
    attack_backup_swap
    attack_backup_mode
    attack_sticky_regular
    attack_fifo
    attack_dev_zero
    attack_orphan_sweep
    attack_temp_names
    attack_acl
done
echo "hostile: $((SECONDS - start)) s" >&2

status=0
for row in "${rows[@]}"; do
    printf 'hostile\t%s\t%d\t%d\n' "$row" "${cases[$row]}" "${failures[$row]}"
    [ "${failures[$row]}" -eq 0 ] || status=1
done
exit $status
