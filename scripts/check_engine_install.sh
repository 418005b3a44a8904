#!/usr/bin/env bash
# Does `pip install equityhub` alone give the whole statistics engine and its command line?
#
# Builds the wheel, installs it without extras in a new virtual environment, and checks that:
# Django is absent; the CLI runs (a file and standard input); the Python API, the sample data
# sets and `py.typed` are there. With PANDAS_SPEC set (e.g. PANDAS_SPEC='pandas==2.2.*'), that
# pandas is installed first, to check the lowest version the package allows.
#
# Usage: scripts/check_engine_install.sh [PYTHON]   (default: the interpreter behind .venv)
set -euo pipefail
cd "$(dirname "$0")/.."

python="${1:-}"
if [ -z "$python" ]; then
  python="$(.venv/bin/python -c 'import sys; print(sys._base_executable)')"
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "Building the wheel"
"$python" -m venv "$work/build"
"$work/build/bin/python" -m pip install --quiet --upgrade pip
"$work/build/bin/python" -m pip wheel --quiet --no-deps --wheel-dir "$work/dist" .

echo "Installing it without extras in a clean environment"
"$python" -m venv "$work/env"
env_py="$work/env/bin/python"
"$env_py" -m pip install --quiet --upgrade pip
if [ -n "${PANDAS_SPEC:-}" ]; then
  "$env_py" -m pip install --quiet "$PANDAS_SPEC"
fi
"$env_py" -m pip install --quiet "$work"/dist/equityhub-*.whl
"$env_py" -m pip list --format=freeze | grep -Ei '^(numpy|scipy|pandas|narwhals)=' || true

if "$env_py" -c 'import django' 2>/dev/null; then
  echo "FAIL: the base install pulled in Django" >&2
  exit 1
fi

cd "$work"  # away from the source tree, so only the installed package is imported
printf 'area,x,n\nA,5,100\nB,7,90\n' > counts.csv
"$work/env/bin/equityhub" stats proportion counts.csv --numerator x --denominator n --by area
printf 'area;x;n\nA;5;100\n' | "$work/env/bin/equityhub" stats rate - --numerator x --denominator n
if "$work/env/bin/equityhub" migrate 2>/dev/null; then
  echo "FAIL: a web command ran without the web extra" >&2
  exit 1
fi

"$env_py" - <<'PY'
from importlib import resources

import pandas as pd

from equityhub.stats import datasets
from equityhub.stats.indicators import proportion_by
from equityhub.stats.standardised import dsr_by

print("pandas", pd.__version__)
assert resources.files("equityhub.stats").joinpath("py.typed").is_file(), "py.typed is missing"
smoking = proportion_by(datasets.smoking(), by="practice", numerator="smokers",
                        denominator="adults", multiplier=100)
assert len(smoking) == 6, smoking
rates = dsr_by(datasets.mortality(), by="area", numerator="deaths", denominator="population",
               ageband="ageband")
assert rates["value"].notna().all(), rates
print("The engine, its data sets and the command line work without Django.")
PY
