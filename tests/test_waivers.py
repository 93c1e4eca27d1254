"""Waivers through the console script: valid through their day (UTC), expired ones ignored with a warning,
max_waiver_days, unmatched ones, required checks, and both totals in every report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.adoption import check, run, scored, workspace


def config(*waivers: str, extra: str = "") -> str:
    body = "".join(f"  - {w}\n" for w in waivers)
    return f"packs: [base.yaml]\n{extra}waivers:\n{body}"


PERF = "{check: perf-p95, reason: load env rebuilt this sprint, owner: alice, expires: 2026-12-01, ticket: OPS-7}"


@pytest.mark.parametrize(
    ("now", "waived"),
    [("2026-12-01T00:00:00Z", True), ("2026-12-01T23:59:59Z", True), ("2026-12-02T00:00:00Z", False),
     ("2026-12-02T01:00:00+02:00", True)],  # 23:00 UTC on the 1st
)
def test_expiry_is_inclusive_of_the_day_in_utc(tmp_path: Path, now: str, waived: bool) -> None:
    done = run("score", "--now", now, "-f", "json", cwd=workspace(tmp_path, config(PERF)))
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    perf = check(report, "perf-p95")
    if waived:
        assert perf["status"] == "waived" and report["warnings"] == [] and done.stderr == ""
        assert perf["decision"]["owner"] == "alice" and perf["decision"]["expires"] == "2026-12-01"
        assert perf["decision"]["status_without"] == "no_evidence"
        assert report["total"] == 50.0 and report["total_unwaived"] == 33.3  # testing 10, cost 0; perf left out
    else:
        assert perf["status"] == "no_evidence" and report["total"] == report["total_unwaived"] == 33.3
        warning = ("waiver for 'perf-p95' (readiness.yaml:3) expired on 2026-12-01; ignored, the check scores as "
                   "usual")
        assert report["warnings"] == [warning]
        assert f"readiness: warning: {warning}" in done.stderr


def test_waivers_in_every_report(tmp_path: Path) -> None:
    folder = workspace(tmp_path, config(PERF))
    done = run("score", "--now", "2026-11-28T00:00:00Z", "-o", "r.md", "-o", "r.html", "-o", "r.json", cwd=folder)
    assert done.returncode == 0, done.stderr
    text = " ".join(done.stdout.split())  # the terminal report wraps long lines
    assert "33.3" in text and "perf-p95" in text
    assert "waived by alice until 2026-12-01 (OPS-7): load env rebuilt this sprint" in text
    markdown = (folder / "r.md").read_text()
    assert markdown.startswith("# Production readiness")
    assert "— 50.0/100" in markdown and "Without waivers and disabled checks: **33.3/100**" in markdown
    assert ("| `perf-p95` | 🏳️ WAIVED | alice | 2026-12-01 | load env rebuilt this sprint (OPS-7), in "
            "readiness.yaml:3 | NO EVIDENCE (0/10) |") in markdown
    page = (folder / "r.html").read_text()
    assert "Without waivers and disabled checks: <strong>33.3</strong>" in page
    assert "Owner alice · expires 2026-12-01" in page


@pytest.mark.parametrize(
    ("expires", "extra", "ok"),
    [("2027-02-26", "", True), ("2027-02-27", "", False), ("2026-12-08", "max_waiver_days: 10\n", True),
     ("2026-12-09", "max_waiver_days: 10\n", False)],
)
def test_max_waiver_days_counts_from_the_time_of_scoring(tmp_path: Path, expires: str, extra: str, ok: bool) -> None:
    waiver = f"{{check: perf-p95, reason: r, owner: o, expires: {expires}}}"
    done, report = scored(workspace(tmp_path, config(waiver, extra=extra)))  # scored at 2026-11-28
    if ok:
        assert done.returncode == 0 and check(report, "perf-p95")["status"] == "waived", done.stderr
    else:
        limit = 10 if extra else 90
        assert done.returncode == 2
        assert f"waivers[0].expires: {expires} is {limit + 1} days after 2026-11-28; max_waiver_days is {limit}" \
            in done.stderr


def test_a_glob_waives_every_match_and_an_unmatched_waiver_warns(tmp_path: Path) -> None:
    folder = workspace(tmp_path, config("{check: 'perf-*', reason: r, owner: o, expires: 2026-12-01}",
                                        "{check: cost-budgt, reason: r, owner: o, expires: 2026-12-01}"))
    done, report = scored(folder)
    assert done.returncode == 0 and check(report, "perf-p95")["status"] == "waived"
    warning = "waiver for 'cost-budgt' (readiness.yaml:4) matches no check; did you mean 'cost-budget'?"
    assert report["warnings"] == [warning] and warning in done.stderr
    assert run("validate", "--now", "2026-11-28T00:00:00Z", cwd=folder).returncode == 0
    strict = run("validate", "--strict", "--now", "2026-11-28T00:00:00Z", cwd=folder)
    assert strict.returncode == 2 and f"readiness: error: {warning}" in strict.stderr


@pytest.mark.parametrize(
    ("extra", "flags", "place"),
    [("", (), "required: true in base.yaml:13"),
     ("", ("--require", "tests-many"), "--require"),
     ("gate:\n  require: [tests-many]\n", (), "readiness.yaml:3 (gate.require)")],
)
def test_a_required_check_cannot_be_waived(tmp_path: Path, extra: str, flags: tuple[str, ...], place: str) -> None:
    target = "tests-pass" if not (flags or extra) else "tests-many"
    folder = workspace(tmp_path, config(f"{{check: '{target}', reason: r, owner: o, expires: 2026-12-01}}",
                                        extra=extra))
    done, _ = scored(folder, *flags)
    assert done.returncode == 2
    line = 3 if not extra else 5
    assert (f"readiness.yaml:{line}: waivers[0].check: check '{target}' is required ({place}); a required check "
            "cannot be waived") in done.stderr


def test_the_gate_uses_the_total_with_waivers(tmp_path: Path) -> None:
    folder = workspace(tmp_path, config(PERF))
    done, report = scored(folder, "--fail-under", "40", "--min-evidence-share", "60")
    # 50.0 with the waiver passes 40; evidence backs testing (10/10) and not cost: 50% < 60%.
    assert done.returncode == 1
    assert report["gate"]["reasons"] == ["evidence backs 50% of the possible points, below the minimum 60%"]
