#!/usr/bin/env bash
# Copyright (c) 2026 The durable authors
# Distributed under the Boost Software License, Version 1.0.
#
# The command-line tool as scripts use it: exit codes, the one-line error
# format 'durable: FILE: STEP: CAUSE', and what each option does to the file;
# then the configuration commands: the exact error lines of check, get, set
# and fmt, what set keeps of a file, and what fmt writes.
#
#     cli.sh PATH-TO-durable

set -u
tool=$(realpath "$1") # the script works in a directory of its own
. "$(dirname "$0")/common.sh"

mode_of() { stat -c %a "$1"; }
only_file() { [ "$(ls -A "$test_dir")" = "$1" ]; }
# The inode and the modification time: both change when a file is replaced.
stamp_of() { stat -c '%i %y' "$1"; }
content_is() { printf "$2" | cmp -s "$1" -; } # content_is FILE PRINTF-FORMAT

cd "$test_dir" || exit 1

printf 'v1\n' | "$tool" write settings.conf
check "write creates the file" test "$(cat settings.conf)" = v1
chmod 600 settings.conf
printf 'v2\n' | "$tool" write settings.conf
check "write replaces the content" test "$(cat settings.conf)" = v2
check "mode 0600 is kept" test "$(mode_of settings.conf)" = 600

printf 'v3\n' | "$tool" write --mode 0640 settings.conf
check "--mode sets the mode" test "$(mode_of settings.conf)" = 640

ln -s settings.conf link.conf
printf 'v4\n' | "$tool" write link.conf
check "follow keeps the link" test -L link.conf
check "follow writes the target" test "$(cat settings.conf)" = v4

printf 'v5\n' | "$tool" write --symlink refuse link.conf 2>err.txt
check "refuse exits 1" test $? -eq 1
check "refuse names path and step" grep -qx 'durable: link.conf: resolve: target is a symbolic link and the policy refuses it' err.txt
check "refuse leaves the target" test "$(cat settings.conf)" = v4
rm err.txt

printf 'v6\n' | "$tool" write --symlink replace link.conf
check "replace makes a regular file" test ! -L link.conf
check "replace leaves the old target" test "$(cat settings.conf)" = v4
rm link.conf

printf 'v7\n' | "$tool" write --atomic settings.conf
check "--atomic replaces too" test "$(cat settings.conf)" = v7

printf 'x' | "$tool" write missing/settings.conf 2>err.txt
check "a failure exits 1" test $? -eq 1
check "a failure prints path, step and cause" grep -qx 'durable: missing/settings.conf: open: No such file or directory' err.txt
rm err.txt

head -c 3000000 /dev/urandom > big.expected
"$tool" write big.conf < big.expected
check "large input streams through" cmp -s big.conf big.expected
rm big.conf big.expected

"$tool" write --bogus settings.conf </dev/null 2>/dev/null
check "an unknown option exits 2" test $? -eq 2
"$tool" 2>/dev/null
check "no command exits 2" test $? -eq 2
check "--help exits 0" "$tool" --help >/dev/null
check "write --help exits 0" "$tool" write --help >/dev/null

check "no temporary file remains" only_file settings.conf

# The configuration commands, in a directory of their own.
mkdir "$test_dir/json" && cd "$test_dir/json" || exit 1
# The lock files that set and fmt leave (never deleted) are checked apart.
json_files() { [ "$(LC_ALL=C ls -A | grep -v '^\..*\.lock$' | tr '\n' ' ')" = "$1" ]; }

printf '{\n    "port": 80, // web\n    "name": "a\\tb"\n}\n' > app.json
check "check accepts a commented file" "$tool" check app.json
printf '{\n    "port": 80,\n    "port": 81\n}\n' > dup.json
"$tool" check dup.json 2>err.txt
check "check exits 1 on a duplicate key" test $? -eq 1
check "check prints line, column and pointer" grep -qx 'dup.json:3:5: /port: duplicate key: the key appears earlier in the same object' err.txt
printf '{\n  "a": [1, 2,, 3]\n}\n' > bad.json
cp bad.json bad.expected
"$tool" check bad.json 2>err.txt
check "check exits 1 on a syntax error" test $? -eq 1
check "a syntax error has line and column" grep -qx "bad.json:2:14: syntax error: unexpected ','" err.txt
"$tool" check missing.json 2>err.txt
check "check of a missing file exits 1" test $? -eq 1
check "a read error names file and cause" grep -qx 'durable: missing.json: read: No such file or directory' err.txt
"$tool" check app.json dup.json 2>/dev/null
check "check takes one FILE" test $? -eq 2

check "get prints a number" test "$("$tool" get app.json /port)" = 80
check "get prints a string as JSON" test "$("$tool" get app.json /name)" = '"a\tb"'
check "get --raw prints its text" test "$("$tool" get --raw app.json /name)" = "$(printf 'a\tb')"
check "get of the whole document is canonical" content_is <("$tool" get app.json '') '{\n    "port": 80,\n    "name": "a\\tb"\n}\n'
check "get --indent 2 indents by 2" content_is <("$tool" get --indent 2 app.json '') '{\n  "port": 80,\n  "name": "a\\tb"\n}\n'
"$tool" get app.json /nope 2>err.txt
check "get of no value exits 1" test $? -eq 1
check "get of no value names it" grep -qx 'durable: app.json: /nope: no such value' err.txt
"$tool" get app.json port 2>/dev/null
check "a pointer without '/' exits 2" test $? -eq 2
"$tool" get app.json '/a~2' 2>/dev/null
check "a pointer with a bad escape exits 2" test $? -eq 2
"$tool" get bad.json /a 2>err.txt
check "get of a bad file exits 1" test $? -eq 1
check "get of a bad file prints the error" grep -qx "bad.json:2:14: syntax error: unexpected ','" err.txt

chmod 640 app.json
"$tool" set app.json /port 8080
check "set replaces a value, comments kept" content_is app.json '{\n    "port": 8080, // web\n    "name": "a\\tb"\n}\n'
check "set keeps the mode" test "$(mode_of app.json)" = 640
"$tool" set app.json /tls '{"on": true}'
check "set adds a member, pretty" content_is app.json '{\n    "port": 8080, // web\n    "name": "a\\tb",\n    "tls": {\n        "on": true\n    }\n}\n'
"$tool" set app.json /offset -5
check "set takes a negative number as it is" test "$("$tool" get app.json /offset)" = -5
cp app.json app.expected
"$tool" set app.json /a/b 1 2>err.txt
check "set under a missing parent exits 1" test $? -eq 1
check "set names the missing parent" grep -qx 'durable: app.json: /a: no such value' err.txt
"$tool" set app.json /port/x 1 2>err.txt
check "set names a parent that is a scalar" grep -qx 'durable: app.json: /port: expected an object or array, found number 8080' err.txt
"$tool" set app.json /name hello 2>err.txt
check "set of invalid JSON exits 2" test $? -eq 2
check "set of invalid JSON has the parser's message" grep -qx "durable: set: JSON:1:1: syntax error: unexpected 'h' (a string needs its quotes, as in '\"text\"')" err.txt
check "failed sets leave the file" cmp -s app.json app.expected
before=$(stamp_of app.json)
"$tool" set app.json /port 8080
check "set of the same text does not write" test "$(stamp_of app.json)" = "$before"
"$tool" set bad.json /a 1 2>err.txt
check "set of a bad file exits 1" test $? -eq 1
check "set of a bad file prints the error" grep -qx "bad.json:2:14: syntax error: unexpected ','" err.txt
check "set of a bad file leaves it" cmp -s bad.json bad.expected

printf '{\r\n    // note\r\n    "a": [1]\r\n}\r\n' > crlf.json
"$tool" set crlf.json /a/- 2
"$tool" set crlf.json /b '{"x": true}'
check "set keeps CRLF and comments" content_is crlf.json '{\r\n    // note\r\n    "a": [1, 2],\r\n    "b": {\r\n        "x": true\r\n    }\r\n}\r\n'

ln -s app.json link.json
"$tool" set link.json /port 9
check "set through a link keeps the link" test -L link.json
check "set through a link writes its target" test "$("$tool" get app.json /port)" = 9
check "set through a link keeps the target's mode" test "$(mode_of app.json)" = 640

(umask 027 && "$tool" set new.json /port 80)
check "set creates a missing file" content_is new.json '{\n    "port": 80\n}\n'
check "a created file honours the umask" test "$(mode_of new.json)" = 640

printf '// settings\n{"port": 80, "tags": ["a",],}\n' > fmt.json
"$tool" fmt --check fmt.json 2>err.txt
check "fmt --check of a file to format exits 1" test $? -eq 1
check "fmt --check names the file" grep -qx 'durable: fmt.json: not in the canonical form' err.txt
check "fmt --check writes nothing" content_is fmt.json '// settings\n{"port": 80, "tags": ["a",],}\n'
chmod 600 fmt.json
"$tool" fmt fmt.json
check "fmt writes the canonical form" content_is fmt.json '{\n    "port": 80,\n    "tags": [\n        "a"\n    ]\n}\n'
check "fmt keeps the mode" test "$(mode_of fmt.json)" = 600
check "fmt --check of a canonical file exits 0" "$tool" fmt --check fmt.json
before=$(stamp_of fmt.json)
cp fmt.json fmt.expected
"$tool" fmt fmt.json
check "fmt of a canonical file does not write" test "$(stamp_of fmt.json)" = "$before"
check "fmt is idempotent" cmp -s fmt.json fmt.expected
"$tool" fmt --indent 2 fmt.json
check "fmt --indent 2 indents by 2" content_is fmt.json '{\n  "port": 80,\n  "tags": [\n    "a"\n  ]\n}\n'
"$tool" fmt bad.json 2>err.txt
check "fmt of a bad file exits 1" test $? -eq 1
check "fmt of a bad file prints the error" grep -qx "bad.json:2:14: syntax error: unexpected ','" err.txt
check "fmt of a bad file leaves it" cmp -s bad.json bad.expected
"$tool" fmt --indent 99 fmt.json 2>/dev/null
check "fmt --indent out of range exits 2" test $? -eq 2

# Beyond 64 bits an integer read as the nearest double, and get, fmt and set
# wrote another number (-9223372036854775809 as -9223372036854775808.0): it
# is refused where it is, and nothing is printed or written.
wide_error='integer out of the 64-bit range [-9223372036854775808, 18446744073709551615]; a fraction or an exponent (1e19) makes it a floating-point number'
printf '{\n    "min": -9223372036854775808,\n    "id": -9223372036854775809\n}\n' > wide.json
cp wide.json wide.expected
"$tool" get wide.json /min >out.txt 2>err.txt
check "get of a file with an integer beyond 64 bits exits 1" test $? -eq 1
check "get of an integer beyond 64 bits prints nothing" test ! -s out.txt
check "an integer beyond 64 bits is named where it is" grep -qxF "wide.json:3:11: /id: $wide_error" err.txt
"$tool" check wide.json 2>err.txt
check "check of an integer beyond 64 bits exits 1" test $? -eq 1
check "check names the integer beyond 64 bits" grep -qxF "wide.json:3:11: /id: $wide_error" err.txt
"$tool" fmt --check wide.json 2>err.txt
check "fmt --check of an integer beyond 64 bits exits 1" test $? -eq 1
"$tool" fmt wide.json 2>err.txt
check "fmt of an integer beyond 64 bits exits 1" test $? -eq 1
check "fmt names the integer beyond 64 bits" grep -qxF "wide.json:3:11: /id: $wide_error" err.txt
"$tool" set wide.json /min 0 2>/dev/null
check "set in a file with an integer beyond 64 bits exits 1" test $? -eq 1
check "get, fmt and set leave an integer beyond 64 bits as it is" cmp -s wide.json wide.expected
cp app.json app.expected
"$tool" set app.json /id 18446744073709551616 2>err.txt
check "set of an integer beyond 64 bits exits 2" test $? -eq 2
check "set names the integer beyond 64 bits" grep -qxF "durable: set: JSON:1:1: $wide_error (a string needs its quotes, as in '\"text\"')" err.txt
check "set of an integer beyond 64 bits leaves the file" cmp -s app.json app.expected
"$tool" set app.json /id 18446744073709551615
"$tool" set app.json /least -9223372036854775808
check "set and get keep the largest uint64" test "$("$tool" get app.json /id)" = 18446744073709551615
check "set and get keep the least int64" test "$("$tool" get app.json /least)" = -9223372036854775808
rm out.txt

# A file just at the limit a load takes (16 MiB): set and fmt would make it
# larger, and a file that no durable program loads is never written.
head -c $((16 * 1024 * 1024 - 10)) /dev/zero | tr '\0' x | { printf '{"a": "'; cat; printf '"}\n'; } > big.json
cp big.json big.expected
check "a file at the limit reads" "$tool" check big.json
"$tool" set big.json /b 1 2>err.txt
check "set beyond the limit exits 1" test $? -eq 1
check "set beyond the limit says why" grep -qx 'big.json: the text to save is 16777224 bytes, more than the limit of 16777216' err.txt
"$tool" fmt big.json 2>err.txt
check "fmt beyond the limit exits 1" test $? -eq 1
check "fmt beyond the limit says why" grep -qx 'big.json: the text to save is 16777222 bytes, more than the limit of 16777216' err.txt
check "set and fmt beyond the limit leave the file" cmp -s big.json big.expected
rm big.json big.expected

for command in check get set fmt; do
    check "$command --help exits 0" "$tool" "$command" --help >/dev/null
done
"$tool" set app.json /port 2>/dev/null
check "set without JSON exits 2" test $? -eq 2
"$tool" get --bogus app.json /port 2>/dev/null
check "get with an unknown option exits 2" test $? -eq 2

# Names from outside are shown escaped: a newline or an escape sequence in a
# file name or an argument never forges a line or reaches the terminal.
"$tool" $'bo\x1bgus' 2>err.txt
check "an unknown command is shown escaped" grep -qxF "durable: unknown command 'bo\\x1bgus'" err.txt
"$tool" get $'a\nb.json' /x 2>err.txt
check "a file name with a newline stays on one line" grep -qxF 'durable: a\nb.json: read: No such file or directory' err.txt
printf 'x' | "$tool" write $'no\ndir/f' 2>err.txt
check "so does a save's error" grep -qxF 'durable: no\ndir/f: open: No such file or directory' err.txt
check "each is one line" test "$(wc -l < err.txt)" -eq 1

rm err.txt
check "no temporary file remains of set and fmt" json_files "app.expected app.json bad.expected bad.json crlf.json dup.json fmt.expected fmt.json link.json new.json wide.expected wide.json "
check "set and fmt leave only their lock files" test "$(LC_ALL=C ls -A | grep '^\..*\.lock$' | tr '\n' ' ')" = ".app.json.lock .bad.json.lock .big.json.lock .crlf.json.lock .fmt.json.lock .new.json.lock .wide.json.lock "

# Several changes in one save: all of them, or none.
mkdir many && cd many || exit 1
"$tool" set multi.json /a 1 /b '"x"' /c '[1]' /c/- 2
check "set applies several changes in one save" content_is multi.json '{\n    "a": 1,\n    "b": "x",\n    "c": [\n        1,\n        2\n    ]\n}\n'
before=$(stamp_of multi.json)
"$tool" set multi.json /a 2 /zz/q 1 2>err.txt
check "one change that cannot be made exits 1" test $? -eq 1
check "and names its pointer" grep -qx 'durable: multi.json: /zz: no such value' err.txt
check "and saves none of them" test "$(stamp_of multi.json)" = "$before"
"$tool" set multi.json /a 1 /b 2>err.txt
check "a pointer without its JSON exits 2" test $? -eq 2
check "and says what is missing" grep -q 'JSON is missing' err.txt
check "the lock file is beside the file" test -f .multi.json.lock

# Two writers at once, each appending with set: every run holds the file's
# lock from its read to its rename, so no append is lost (without the lock,
# 421 of 2,000 were: issue 16). 300 each by default, to keep the test short.
n=${DURABLE_CLI_WRITERS:-300}
printf '{"a": []}\n' > c.json
writer() { for i in $(seq "$1" "$2"); do "$tool" set c.json /a/- "$i" || echo "set $i failed"; done; }
writer 1 "$n" > w1.txt 2>&1 &
writer $((n + 1)) $((2 * n)) > w2.txt 2>&1
wait
check "every set of two writers succeeds" test ! -s w1.txt -a ! -s w2.txt
check "two writers lose no append" test "$("$tool" get c.json /a | tr -dc '0-9\n' | grep . | sort -n | tr '\n' ' ')" = "$(seq 1 $((2 * n)) | tr '\n' ' ')"

# A lock held elsewhere (flock(1) on the lock file, as a program's update
# holds it): --lock-timeout bounds the wait, the error names the holder, and
# the file is untouched; write takes the lock only when asked.
printf '{"a": 1}\n' > held.json
flock --close .held.json.lock sleep 30 & # flock holds the lock, its sleep does not
holder=$!
for _ in $(seq 100); do flock -n .held.json.lock true || break; sleep 0.05; done
"$tool" set --lock-timeout 0.2 held.json /a 2 2>err.txt
check "set under another's lock exits 1" test $? -eq 1
check "and names the lock and its holder" grep -qx "durable: held.json: lock: timed out waiting for the file's lock: ./.held.json.lock held by pid $holder" err.txt
printf '{"a": 3}\n' | "$tool" write --lock --lock-timeout 0 held.json 2>err.txt
check "write --lock under another's lock exits 1" test $? -eq 1
check "and says so" grep -q '^durable: held.json: lock: timed out' err.txt
check "neither changed the file" content_is held.json '{"a": 1}\n'
"$tool" fmt --lock-timeout soon held.json 2>err.txt
check "a malformed --lock-timeout exits 2" test $? -eq 2
check "and says what it needs" grep -q -- '--lock-timeout needs a number of seconds' err.txt
kill $(cat /proc/"$holder"/task/"$holder"/children); wait "$holder" # flock ends with its sleep
printf '{"a": 4}\n' | "$tool" write --lock held.json
check "write --lock takes a free lock" content_is held.json '{"a": 4}\n'
printf '{}\n' | "$tool" write unlocked.json
check "write without --lock makes no lock file" test ! -e .unlocked.json.lock
cd ..

summary
