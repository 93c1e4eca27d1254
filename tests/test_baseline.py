"""score --baseline: the deltas in every report and the gate's edges (max drop, regressions)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.test_cli import NOW, ROOT, run

GOOD, JUNIT = None, "security"  # the demo evidence whole, and without its security scans (two checks regress)


def score(tmp_path: Path, name: str, drop: str | None, *extra: str) -> tuple[int, dict[str, object], str]:
    folder = tmp_path / f"ev-{name}"
    shutil.copytree(ROOT / "evidence", folder)
    if drop is not None:
        shutil.rmtree(folder / drop)
    out = tmp_path / f"{name}.json"
    done = run("score", str(folder), "--root", str(ROOT / "examples" / "shop"), "--now", NOW, "--service", "svc",
               "-q", "-o", str(out),
               "-o", str(tmp_path / f"{name}.md"), "-o", str(tmp_path / f"{name}.html"), *extra)
    return done.returncode, json.loads(out.read_text()) if out.exists() else {}, done.stderr


@pytest.fixture()
def base(tmp_path: Path) -> tuple[Path, dict[str, object]]:
    code, report, _ = score(tmp_path, "base", GOOD)
    assert code == 0
    return tmp_path / "base.json", report


def test_same_evidence_passes_and_shows_no_change(tmp_path: Path, base: tuple[Path, dict[str, object]]) -> None:
    code, report, _ = score(tmp_path, "head", GOOD, "--baseline", str(base[0]), "--max-drop", "0")
    assert code == 0 and report["gate"]["passed"] is True  # type: ignore[index]
    assert report["baseline"]["diff"]["total_delta"] == 0  # type: ignore[index]
    assert "no check changed status" in (tmp_path / "head.md").read_text()


def test_a_regression_fails_the_gate_and_every_report_says_so(tmp_path: Path,
                                                              base: tuple[Path, dict[str, object]]) -> None:
    code, report, err = score(tmp_path, "head", JUNIT, "--baseline", str(base[0]))
    gate = report["gate"]
    assert code == 1 and gate["passed"] is False  # type: ignore[index]
    regressed = [c["id"] for c in report["baseline"]["diff"]["checks"] if c["regression"]]  # type: ignore[index]
    assert regressed and all(any(f"'{i}' passed in the baseline" in r for r in gate["reasons"])  # type: ignore[index]
                             for i in regressed)
    before, after = base[1]["total"], report["total"]
    assert after < before  # type: ignore[operator]
    shown = f"{before:.1f} \u2192 {after:.1f}"
    assert shown in (tmp_path / "head.md").read_text() and shown in (tmp_path / "head.html").read_text()
    assert "What changed" in (tmp_path / "head.html").read_text()


def test_allow_regression_leaves_only_the_drop_rule(tmp_path: Path, base: tuple[Path, dict[str, object]]) -> None:
    code, report, _ = score(tmp_path, "head", JUNIT, "--baseline", str(base[0]), "--allow-regression")
    assert code == 0 and report["gate"]["configured"] is True  # type: ignore[index]


def test_max_drop_edges(tmp_path: Path, base: tuple[Path, dict[str, object]]) -> None:
    _, worse, _ = score(tmp_path, "probe", JUNIT)
    drop = round(base[1]["total"] - worse["total"], 1)  # type: ignore[operator]
    assert drop > 0
    at, _, _ = score(tmp_path, "at", JUNIT, "--baseline", str(base[0]), "--allow-regression", "--max-drop", str(drop))
    assert at == 0  # a drop of exactly N is allowed
    below = f"{drop - 0.1:.1f}"
    over, report, _ = score(tmp_path, "over", JUNIT, "--baseline", str(base[0]), "--allow-regression",
                            "--max-drop", below)
    assert over == 1 and any(f"dropped {drop:.1f} points" in r for r in report["gate"]["reasons"])  # type: ignore[index]


@pytest.mark.parametrize("args", [["--max-drop", "1"], ["--baseline", "missing.json"]])
def test_usage_errors(tmp_path: Path, args: list[str]) -> None:
    folder = tmp_path / "ev"
    folder.mkdir()
    done = run("score", str(folder), "--now", NOW, *args)
    assert done.returncode == 2 and "Traceback" not in done.stderr


def test_a_baseline_that_is_not_a_report_is_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"hello": "world"}')
    folder = tmp_path / "ev"
    folder.mkdir()
    done = run("score", str(folder), "--now", NOW, "--baseline", str(bad))
    assert done.returncode == 2 and "not a readiness report" in done.stderr
