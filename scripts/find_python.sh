#!/bin/sh
# Which Python the Makefile builds .venv with: prints "VERSION REALPATH NAME" of the first
# interpreter that is 3.11 or newer, or one line saying what to install, prefixed with "!".
#
# PYTHON=name-or-path chooses the interpreter; otherwise the first of python3.13, python3.12,
# python3.11 and python3 found on PATH that is new enough. A candidate that does not run (a
# pyenv shim for a version that is not selected, a broken link) is skipped. POSIX sh and no
# other program than the candidates themselves, so it answers within milliseconds.

MIN_MAJOR=3
MIN_MINOR=11
# prints "3.11.7 /real/path/of/the/interpreter" on any Python from 2.6 on
PROBE='import os, sys; v = sys.version_info; print("%d.%d.%d %s" % (v[0], v[1], v[2], os.path.realpath(sys.executable)))'

# probe NAME: sets VERSION and REAL, fails when NAME is not a runnable Python
probe() {
    command -v "$1" >/dev/null 2>&1 || return 1
    out=$("$1" -c "$PROBE" 2>/dev/null) || return 1
    VERSION=${out%% *}
    REAL=${out#* }
    case "$VERSION" in
        [0-9]*.[0-9]*.[0-9]*) ;;
        *) return 1 ;;
    esac
}

# new_enough VERSION
new_enough() {
    major=${1%%.*}
    rest=${1#*.}
    minor=${rest%%.*}
    [ "$major" -gt "$MIN_MAJOR" ] || { [ "$major" -eq "$MIN_MAJOR" ] && [ "$minor" -ge "$MIN_MINOR" ]; }
}

NEED="formify needs Python $MIN_MAJOR.$MIN_MINOR or newer"
HOW="install python3.11 (Debian/Ubuntu: apt-get install python3.11 python3.11-venv) or run make PYTHON=/path/to/python3.11"

if [ -n "$PYTHON" ]; then
    if ! probe "$PYTHON"; then
        echo "!PYTHON=$PYTHON does not run: $NEED; $HOW"
        exit 1
    fi
    if ! new_enough "$VERSION"; then
        echo "!PYTHON=$PYTHON is Python $VERSION: $NEED; $HOW"
        exit 1
    fi
    echo "$VERSION $REAL $PYTHON"
    exit 0
fi

found=""
for name in python3.13 python3.12 python3.11 python3; do
    probe "$name" || continue
    if new_enough "$VERSION"; then
        echo "$VERSION $REAL $name"
        exit 0
    fi
    found="$found${found:+, }$name is $VERSION"
done
echo "!$NEED (found ${found:-no python3 on PATH}): $HOW"
exit 1
