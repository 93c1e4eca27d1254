#!/usr/bin/env bash
# Regenerates ../../evidence/ by running the real tools on this example service.
# Needs python3; installs pytest, coverage, locust, prometheus_client, bandit into a scratch venv.
# The load test runs for 70 s against a server on 127.0.0.1 only.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$(cd "$here/../.." && pwd)/evidence
venv=${EVIDENCE_VENV:-/tmp/shop-evidence-venv}
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install --quiet pytest coverage prometheus_client locust 'bandit[sarif]' ruff
mkdir -p "$out/tests" "$out/coverage" "$out/load" "$out/metrics" "$out/security" "$out/environment"
cd "$here"
export PYTHONPATH="$here"

# Tests and coverage: unit and integration suites as separate JUnit files.
"$venv/bin/coverage" run --branch -m pytest -q tests/unit -o junit_suite_name=unit \
    --junitxml="$out/tests/junit-unit.xml" || true
"$venv/bin/coverage" run --branch --append -m pytest -q tests/integration -o junit_suite_name=integration \
    --junitxml="$out/tests/junit-integration.xml" || true
"$venv/bin/coverage" xml -o "$out/coverage/coverage.xml" --include='shop/*'

# Load test: 20 users for 70 s, then a /metrics scrape of the same server.
PORT=18080 "$venv/bin/python" -m shop.server & server=$!
trap 'kill $server 2>/dev/null || true' EXIT
sleep 1
"$venv/bin/locust" -f locustfile.py --headless -u 20 -r 10 -t 70s --host http://127.0.0.1:18080 \
    --csv "$out/load/locust" --only-summary || true
rm -f "$out/load/locust_exceptions.csv"
curl -fsS http://127.0.0.1:18080/metrics > "$out/metrics/metrics.prom"

# Security: bandit SARIF over the service's code.
"$venv/bin/bandit" -q -r shop -f sarif -o "$out/security/bandit.sarif" || true

# Environment health: pip check of the service's environment.
"$venv/bin/pip" check > "$out/environment/pip-check.txt" || true
echo "evidence written to $out"
