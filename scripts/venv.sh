#!/bin/sh
# Make .venv ready for the Makefile's targets: built by the chosen Python, the project installed.
#
# usage: scripts/venv.sh VERSION REALPATH NAME   (the line scripts/find_python.sh prints)
#
# A .venv made by another Python (another version, or another interpreter) is removed and
# built again rather than reused; the project is (re)installed when the venv is new or
# pyproject.toml changed since the last install. VENV (default .venv) is where it lives.
set -e

VERSION=$1
REAL=$2
NAME=$3
VENV=${VENV:-.venv}
MARK="$VENV/.formify-python"   # "VERSION REALPATH" of the Python that made this venv
STAMP="$VENV/.installed-stamp"  # the Makefile's: newer than pyproject.toml once installed
WANT="$VERSION $REAL"

# the venv's maker, from our mark or, for a venv made without it, pyvenv.cfg's version line
made_by() {
    if [ -f "$MARK" ]; then
        cat "$MARK"
        return
    fi
    while IFS=' =' read -r key value; do
        case "$key" in
            version | version_info) echo "${value%%.final*} (pyvenv.cfg)"; return ;;
        esac
    done <"$VENV/pyvenv.cfg"
}

if [ -d "$VENV" ]; then
    have=""
    [ -f "$VENV/pyvenv.cfg" ] && [ -x "$VENV/bin/python" ] && have=$(made_by)
    if [ "$have" = "$VERSION (pyvenv.cfg)" ]; then
        echo "$WANT" >"$MARK"  # same version, made before the mark existed: adopt it
    elif [ "$have" != "$WANT" ]; then
        echo "$VENV was made by Python ${have:-(unknown)}, not $VERSION at $REAL: rebuilding it"
        rm -rf "$VENV"
    fi
fi

if [ ! -d "$VENV" ]; then
    echo "Creating $VENV with Python $VERSION ($NAME -> $REAL); choose another with make PYTHON=..."
    "$REAL" -m venv "$VENV"
    echo "$WANT" >"$MARK"
elif [ -f "$STAMP" ] && [ ! pyproject.toml -nt "$STAMP" ]; then
    echo "Using $VENV (Python $VERSION, $REAL); choose another with make PYTHON=..."
    exit 0
fi

echo "Installing formify with its dev extras into $VENV (Python $VERSION)"
"$VENV/bin/python" -m pip install --quiet --upgrade pip
"$VENV/bin/python" -m pip install --quiet -e '.[dev]'
touch "$STAMP"
