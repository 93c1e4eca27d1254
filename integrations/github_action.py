"""The GitHub Action's scoring step (action.yml): run `readiness score`, append the Markdown report to the job
summary, set the step outputs, and fail the step when the gate fails.

Inputs come as READINESS_* environment variables (see action.yml), never through the shell; an empty input
adds no flag, so a readiness.yaml's settings (outputs included) apply unless an input overrides them. The
scorecard is read as JSON from stdout (no -o, which would replace the config's outputs) and the Markdown and
text reports are rendered from it with readiness itself, which the install step put in this virtualenv.
Run it locally with fake GITHUB_STEP_SUMMARY and GITHUB_OUTPUT files to see what the action does.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

# Environment variable -> the readiness flag it becomes; list inputs repeat their flag once per item.
SINGLE = {"READINESS_CONFIG": "--config", "READINESS_ROOT": "--root", "READINESS_SERVICE_NAME": "--service",
          "READINESS_FAIL_UNDER": "--fail-under", "READINESS_MIN_EVIDENCE_SHARE": "--min-evidence-share",
          "READINESS_HISTORY": "--history"}
POSITIONAL = "READINESS_EVIDENCE"
REPEATED = {"READINESS_CHECKS": "--checks", "READINESS_CATEGORY_MIN": "--category-min",
            "READINESS_REQUIRE": "--require", "READINESS_OUTPUTS": "--output"}
GATE = {True: "passed", False: "failed"}


def _env(name: str, default: str = "") -> str:
    return os.environ.get(name, "").strip() or default


def command() -> list[str]:
    """The readiness command line the inputs ask for; the scorecard comes back as JSON on stdout."""
    args = [shutil.which("readiness") or "readiness", "score"]
    if _env(POSITIONAL):
        args.append(_env(POSITIONAL))
    for variable, flag in SINGLE.items():
        if _env(variable):
            args += [flag, _env(variable)]
    for variable, flag in REPEATED.items():
        for item in _env(variable).split():
            args += [flag, item]
    return args + ["--format", "json"]


def _escape(text: str) -> str:
    """Data for a workflow command: one line, so text from evidence cannot start a command of its own."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _set_outputs(values: dict[str, str]) -> None:
    target = os.environ.get("GITHUB_OUTPUT")
    if not target:
        return
    with open(target, "a", encoding="utf-8") as handle:
        for name, value in values.items():
            delimiter = f"readiness_{secrets.token_hex(8)}"
            handle.write(f"{name}<<{delimiter}\n{value}\n{delimiter}\n")


def _summarise(markdown: Path) -> None:
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if target and markdown.is_file():
        with open(target, "a", encoding="utf-8") as handle:
            handle.write(markdown.read_text(encoding="utf-8") + "\n")


def main() -> int:
    """Score, publish, and return the step's exit code."""
    report_dir = Path(_env("READINESS_REPORT_DIR", "readiness-report"))
    report_dir.mkdir(parents=True, exist_ok=True)
    args = command()
    print("readiness: running " + " ".join(args), flush=True)
    done = subprocess.run(args, check=False, stdout=subprocess.PIPE, text=True, encoding="utf-8")
    if done.returncode not in (0, 1) or not done.stdout.strip():
        print(f"::error title=readiness::readiness score exited {done.returncode}; see the lines above", flush=True)
        return done.returncode or 3
    from readiness.reporters import markdown, text
    from readiness.scorecard import Scorecard

    card = Scorecard.model_validate_json(done.stdout)
    report, summary = report_dir / "readiness.json", report_dir / "readiness.md"
    report.write_text(done.stdout, encoding="utf-8")
    summary.write_text(markdown.render(card), encoding="utf-8")
    sys.stdout.write(text.render(card))
    verdict = GATE[card.gate.passed] if card.gate.configured else "not-configured"
    _set_outputs({"score": f"{card.total:.1f}", "grade": card.grade, "gate": verdict,
                  "report-json": str(report), "report-markdown": str(summary)})
    _summarise(summary)
    if verdict != "failed":
        return 0
    print(f"::error title=readiness gate failed::{_escape('; '.join(card.gate.reasons))}", flush=True)
    return 1 if _env("READINESS_FAIL_ON_GATE", "true").lower() not in ("false", "0", "no") else 0


if __name__ == "__main__":
    sys.exit(main())
