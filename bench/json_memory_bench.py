"""Peak memory reading big SARIF and Trivy reports: streamed (readiness's path above 64 MiB) against
the whole-file load (orjson) of the same file, each in its own process (peak RSS from os.wait4).

Usage: .venv/bin/python bench/json_memory_bench.py [--mb 1024] [--baseline-mb 100]
Generates bench/data/big-N.sarif and big-N.trivy.json (git-ignored): a single CodeQL-like run of
results with locations, code-flow-free messages and 40 rules; a Trivy image report of a few targets
with vulnerabilities carrying descriptions and references. The whole-file baseline runs on the
smaller --baseline-mb files (a 1 GB whole load needs several GB); every contender must report the
same counts as the generator wrote.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
CHILD = """
import json, sys, time
from pathlib import Path
from readiness.adapters import sarif, trivy
started = time.monotonic()
module = sarif if sys.argv[1].endswith(".sarif") else trivy
facts = module.parse(Path(sys.argv[1])).facts
print(json.dumps({"seconds": time.monotonic() - started,
                  "count": facts.get("security.findings", facts.get("deps.vulns"))}))
"""


def _sarif(path: Path, megabytes: int) -> int:
    rules = [{"id": f"py/rule-{i}", "defaultConfiguration": {"level": ["error", "warning", "note"][i % 3]},
              "properties": {"security-severity": f"{i % 10}.5", "tags": ["security", f"cwe-{i}"]},
              "fullDescription": {"text": "A rule description. " * 20}} for i in range(40)]
    count = 0
    with path.open("w") as out:
        out.write('{"version": "2.1.0", "$schema": "https://json.schemastore.org/sarif-2.1.0.json", "runs": [{')
        out.write('"tool": {"driver": {"name": "CodeQL", "rules": ' + json.dumps(rules) + "}}, \"results\": [")
        while out.tell() < megabytes * 1024 * 1024:
            result = {"ruleId": f"py/rule-{count % 40}", "ruleIndex": count % 40,
                      "message": {"text": f"Finding {count}: " + "untrusted data flows to a sink. " * 8},
                      "locations": [{"physicalLocation": {"artifactLocation": {"uri": f"src/module_{count % 997}.py"},
                                                          "region": {"startLine": count % 5000 + 1,
                                                                     "startColumn": 5, "endColumn": 40}}}],
                      "partialFingerprints": {"primaryLocationLineHash": f"{count:016x}:1"}}
            out.write(("," if count else "") + json.dumps(result))
            count += 1
        out.write("]}]}")
    return count


def _trivy(path: Path, megabytes: int) -> int:
    count = 0
    with path.open("w") as out:
        out.write('{"SchemaVersion": 2, "ArtifactName": "registry/app:1.0", "ArtifactType": "container_image", '
                  '"Results": [')
        target = 0
        while out.tell() < megabytes * 1024 * 1024:
            out.write(("," if target else "") + json.dumps({"Target": f"layer-{target}", "Class": "os-pkgs"})[:-1]
                      + ', "Vulnerabilities": [')
            for index in range(20_000):
                vuln = {"VulnerabilityID": f"CVE-2026-{count:06d}", "PkgName": f"pkg{count % 3000}",
                        "InstalledVersion": "1.0.0", "FixedVersion": "1.0.1" if count % 2 else "",
                        "Severity": ["CRITICAL", "HIGH", "MEDIUM", "LOW", "UNKNOWN"][count % 5],
                        "Description": "A vulnerability description. " * 15,
                        "References": [f"https://example.org/advisory/{count}/{i}" for i in range(6)]}
                out.write(("," if index else "") + json.dumps(vuln))
                count += 1
            out.write("]}")
            target += 1
        out.write("]}")
    return count


def _measure(path: Path, stream_bytes: int) -> dict[str, float]:
    env = {**os.environ, "READINESS_JSON_STREAM_BYTES": str(stream_bytes), "READINESS_JSON_MAX_BYTES": str(1 << 40)}
    started = time.monotonic()
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(path)], stdout=subprocess.PIPE, env=env)
    assert child.stdout is not None
    output = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, output
    found = json.loads(output)
    return {"wall": time.monotonic() - started, "parse": found["seconds"], "rss_mb": usage.ru_maxrss / 1024,
            "count": found["count"]}


def main() -> int:
    """Generate, measure, print one Markdown table per format."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=int, default=1024)
    parser.add_argument("--baseline-mb", type=int, default=100)
    args = parser.parse_args()
    DATA.mkdir(exist_ok=True)
    print(f"load average at start: {os.getloadavg()[0]:.2f}")
    for name, make in (("sarif", _sarif), ("trivy.json", _trivy)):
        big, small = DATA / f"big-{args.mb}.{name}", DATA / f"big-{args.baseline_mb}.{name}"
        expected = {big: make(big, args.mb), small: make(small, args.baseline_mb)}
        rows = [("whole file (orjson), baseline", small, 1 << 40), ("streamed (readiness)", small, 0),
                ("streamed (readiness)", big, 0)]
        print(f"\n| {name} | file MB | count | wall s | parse s | peak RSS MB | RSS / file size |\n"
              "|---|---:|---:|---:|---:|---:|---:|")
        for label, path, threshold in rows:
            got = _measure(path, threshold)
            assert got["count"] == expected[path], (label, got, expected[path])
            size = path.stat().st_size / 1024 / 1024
            print(f"| {label} | {size:.0f} | {got['count']:,} | {got['wall']:.1f} | {got['parse']:.1f} | "
                  f"{got['rss_mb']:.0f} | {got['rss_mb'] / size:.2f} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
