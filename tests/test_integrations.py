"""The CI integrations, each run as CI would run it: the GitHub Action's steps with fake GITHUB_* files, the
GitLab template's script, and the pre-commit hook's entry."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from junitparser import JUnitXml

from tests.test_cli import JUNIT, ROOT, run

BIN = Path(sys.executable).parent
ACTION = yaml.safe_load((ROOT / "action.yml").read_text())
GITLAB = yaml.safe_load((ROOT / "integrations" / "gitlab" / "readiness.gitlab-ci.yml").read_text())
HOOKS = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
EXPRESSION = re.compile(r"\$\{\{\s*([\w.-]+)\s*\}\}")


def _score_flags() -> set[str]:
    return set(re.findall(r"(?<![\w-])(--[a-z][a-z-]+|-[a-zA-Z])\b", run("score", "--help").stdout))


def _workspace(tmp_path: Path) -> Path:
    work = tmp_path / "work"
    (work / "evidence").mkdir(parents=True)
    (work / "evidence" / "junit.xml").write_text(JUNIT)
    return work


def _base_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "READINESS_", "CI_"))}
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env["SOURCE_DATE_EPOCH"] = "1764352800"  # NOW
    return env


# --- GitHub Action -------------------------------------------------------------------------------------------

def _step(step_id: str) -> dict[str, object]:
    return next(s for s in ACTION["runs"]["steps"] if s.get("id") == step_id)


def _run_action(tmp_path: Path, inputs: dict[str, str], bin_dir: Path = BIN
                ) -> tuple[subprocess.CompletedProcess[str], dict[str, str], str]:
    """Run the action's scoring step as the runner would: expressions filled in, env set, `run` in bash,
    with bin_dir (where readiness is installed) first on PATH."""
    work = _workspace(tmp_path)
    summary, outputs = tmp_path / "summary.md", tmp_path / "output.txt"
    summary.write_text("earlier summary\n")
    outputs.write_text("")
    values = {f"inputs.{name}": spec.get("default", "") for name, spec in ACTION["inputs"].items()}
    values.update({f"inputs.{k}": v for k, v in inputs.items()})
    step = _step("score")
    env = _base_env(tmp_path)
    env["PATH"] = f"{bin_dir}{os.pathsep}{env['PATH']}"
    env.update({name: EXPRESSION.sub(lambda m: values[m.group(1)], str(value))
                for name, value in step["env"].items()})
    env.update(GITHUB_STEP_SUMMARY=str(summary), GITHUB_OUTPUT=str(outputs), GITHUB_ACTION_PATH=str(ROOT),
               RUNNER_TEMP=str(tmp_path))
    done = subprocess.run(["bash", "-e", "-c", str(step["run"])], cwd=work, env=env, capture_output=True, text=True,
                          timeout=120, check=False)
    return done, _read_outputs(outputs.read_text()), summary.read_text()


def _read_outputs(text: str) -> dict[str, str]:
    """GITHUB_OUTPUT as the runner reads it: name=value lines and name<<DELIMITER blocks."""
    found: dict[str, str] = {}
    lines = iter(text.splitlines())
    for line in lines:
        if "<<" in line:
            name, delimiter = line.split("<<", 1)
            value = []
            for inner in lines:
                if inner == delimiter:
                    break
                value.append(inner)
            else:
                raise AssertionError(f"{name}: delimiter {delimiter} never closes")
            found[name] = "\n".join(value)
        elif line:
            name, value_text = line.split("=", 1)
            found[name] = value_text
    return found


def test_action_is_a_composite_action_whose_inputs_all_reach_the_script() -> None:
    assert ACTION["runs"]["using"] == "composite"
    script = (ROOT / "integrations" / "github_action.py").read_text()
    used = {m.group(1) for s in ACTION["runs"]["steps"] for v in s.get("env", {}).values()
            for m in EXPRESSION.finditer(str(v))}
    assert used == {f"inputs.{name}" for name in ACTION["inputs"]}
    for name in _step("score")["env"]:
        assert f'"{name}"' in script, f"{name} is set by action.yml but never read"
    for output in ACTION["outputs"].values():
        name = EXPRESSION.search(output["value"]).group(1).rsplit(".", 1)[1]
        assert f'"{name}"' in script, name


def _script() -> object:
    sys.path.insert(0, str(ROOT / "integrations"))
    try:
        import github_action
    finally:
        sys.path.pop(0)
    return github_action


def test_action_script_uses_real_flags() -> None:
    script = _script()
    flags = set(script.SINGLE.values()) | set(script.REPEATED.values())  # type: ignore[attr-defined]
    assert flags <= _score_flags()


def test_empty_inputs_add_no_flags_so_a_config_file_applies(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in _step("score")["env"]:
        monkeypatch.setenv(name, "")
    assert _script().command()[1:] == ["score", "--format", "json"]  # type: ignore[attr-defined]
    monkeypatch.setenv("READINESS_EVIDENCE", "build/evidence")
    monkeypatch.setenv("READINESS_REQUIRE", "a\nb")
    assert _script().command()[1:] == ["score", "build/evidence", "--require", "a", "--require", "b",  # type: ignore[attr-defined]
                                       "--format", "json"]


def test_action_scores_sets_outputs_and_appends_the_summary(tmp_path: Path) -> None:
    done, outputs, summary = _run_action(tmp_path, {"service": "shop", "outputs": "readiness.sarif badge.svg"})
    assert done.returncode == 0, done.stdout + done.stderr
    card = json.loads((tmp_path / "work" / outputs["report-json"]).read_text())
    assert outputs["score"] == f"{card['total']:.1f}" and outputs["grade"] == card["grade"] == "F"
    assert outputs["gate"] == "not-configured" and card["service"] == "shop"
    assert summary.startswith("earlier summary\n# Production readiness: shop")
    assert (tmp_path / "work" / "readiness.sarif").is_file() and (tmp_path / "work" / "badge.svg").is_file()


def test_action_fails_the_step_when_the_gate_fails(tmp_path: Path) -> None:
    done, outputs, summary = _run_action(tmp_path, {"fail-under": "90", "require": "func-tests-pass"})
    assert done.returncode == 1
    assert outputs["gate"] == "failed"
    assert "::error title=readiness gate failed::total" in done.stdout
    assert "required check 'func-tests-pass'" in done.stdout
    assert "Gate" in summary


def test_action_can_report_a_failed_gate_without_failing(tmp_path: Path) -> None:
    done, outputs, _ = _run_action(tmp_path, {"fail-under": "90", "fail-on-gate": "false"})
    assert done.returncode == 0 and outputs["gate"] == "failed"


def test_action_passes_usage_errors_through(tmp_path: Path) -> None:
    done, outputs, summary = _run_action(tmp_path, {"require": "no-such-check"})
    assert done.returncode == 2 and outputs == {} and summary == "earlier summary\n"
    assert "no-such-check" in done.stderr


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Action's install step run as the runner runs it (RUNNER_TEMP, GITHUB_ACTION_PATH = this checkout):
    the bin folder it put on GITHUB_PATH."""
    tmp_path = tmp_path_factory.mktemp("runner")
    install = next(s for s in ACTION["runs"]["steps"] if s.get("name") == "Install readiness")
    github_path = tmp_path / "github_path"
    github_path.write_text("")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "READINESS_", "VIRTUAL_ENV"))}
    env.update(RUNNER_TEMP=str(tmp_path), GITHUB_ACTION_PATH=str(ROOT), GITHUB_PATH=str(github_path),
               READINESS_PACKAGE="")
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if Path(p) != BIN)
    done = subprocess.run(["bash", "-e", "-c", str(install["run"])], cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=900, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    (added,) = github_path.read_text().split()
    assert Path(added) == tmp_path / "readiness-venv" / "bin"
    return Path(added)


@pytest.mark.slow
def test_action_install_step_installs_this_checkout_and_the_score_step_uses_it(installed: Path,
                                                                               tmp_path: Path) -> None:
    """Scoring with only what the install step put on GITHUB_PATH (not the test's own virtualenv)."""
    scored, outputs, summary = _run_action(tmp_path, {"service": "shop"}, bin_dir=installed)
    assert scored.returncode == 0, scored.stderr
    assert str(installed) in scored.stdout.splitlines()[0]  # the installed console script ran
    assert outputs["grade"] == "F" and "# Production readiness: shop" in summary


# --- GitLab ---------------------------------------------------------------------------------------------------

@pytest.mark.slow
def test_gitlab_template_runs_and_publishes_junit_and_html(installed: Path, tmp_path: Path) -> None:
    """Every script line, the pip install included (of this checkout, into a virtualenv first on PATH as the
    python image's interpreter would be)."""
    job = GITLAB["readiness"]
    work = _workspace(tmp_path)
    env = {**_base_env(tmp_path), **{k: str(v) for k, v in job["variables"].items()},
           "READINESS_ARGS": "--service shop --fail-under 90", "READINESS_PACKAGE": str(ROOT)}
    env["PATH"] = os.pathsep.join([str(installed)] + [p for p in env["PATH"].split(os.pathsep) if Path(p) != BIN])
    assert sum("pip install" in line for line in job["script"]) == 1
    script = "\n".join(job["script"])
    done = subprocess.run(["bash", "-e", "-c", script], cwd=work, env=env, capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 1, done.stderr  # the gate failed: the job fails, artifacts still upload
    assert job["artifacts"]["when"] == "always"
    junit = work / job["artifacts"]["reports"]["junit"]
    suites = JUnitXml.fromfile(str(junit))
    card = json.loads((work / "readiness-report" / "readiness.json").read_text())
    assert suites.tests == len(card["checks"]) and suites.failures > 0
    for path in job["artifacts"]["paths"]:
        assert (work / path).exists()
    assert (work / "readiness-report" / "readiness.html").read_text().lstrip().startswith("<!DOCTYPE html>")


def test_gitlab_template_uses_real_flags() -> None:
    text = " ".join(GITLAB["readiness"]["script"])
    used = set(re.findall(r"(?<![\w-])(--[a-z][a-z-]+|-[a-zA-Z])\b", text.split("readiness score", 1)[1]))
    assert used and used <= _score_flags()


# --- pre-commit -----------------------------------------------------------------------------------------------

def test_pre_commit_hook_validates_packs(tmp_path: Path) -> None:
    (hook,) = HOOKS
    assert hook["id"] == "readiness-validate" and hook["language"] == "python"
    pattern = re.compile(hook["files"])
    assert pattern.search("checks/service.yaml") and pattern.search("ops/checks/team.yml")
    assert not pattern.search("evidence/k6-summary.json") and not pattern.search("checks/deep/x.yaml")
    command = hook["entry"].split()
    assert command[0] == "readiness"
    good = subprocess.run([str(BIN / command[0]), *command[1:], str(ROOT / "checks" / "service.yaml")],
                          capture_output=True, text=True, check=False)
    assert good.returncode == 0 and "ok:" in good.stdout
    broken = tmp_path / "checks" / "team.yaml"
    broken.parent.mkdir()
    broken.write_text("checks:\n  - id: x\n    category: functionality\n    claim: c\n    points: 1\n"
                      "    evidence: tests\n    when: ['tests.total =< 1']\n")
    bad = subprocess.run([str(BIN / command[0]), *command[1:], str(broken)], capture_output=True, text=True,
                         check=False)
    assert bad.returncode == 2 and "team.yaml" in bad.stderr


@pytest.mark.parametrize("path", ["action.yml", ".pre-commit-hooks.yaml",
                                  "integrations/gitlab/readiness.gitlab-ci.yml"])
def test_integration_files_are_plain_yaml(path: str) -> None:
    assert yaml.safe_load((ROOT / path).read_text()) is not None


def test_action_passes_a_config_file_and_the_evidence_share_gate(tmp_path: Path) -> None:
    conf = tmp_path / "conf"
    conf.mkdir()
    (conf / "team.yaml").write_text("service: from-config\nwaivers:\n  - check: cost-within-budget\n"
                                    "    reason: no cloud yet\n    owner: alice\n    expires: 2025-12-20\n")
    done, outputs, _ = _run_action(tmp_path, {"config": str(conf / "team.yaml"), "evidence": "evidence",
                                              "min-evidence-share": "99"})
    card = json.loads((tmp_path / "work" / outputs["report-json"]).read_text())
    assert card["service"] == "from-config"
    assert next(c for c in card["checks"] if c["id"] == "cost-within-budget")["status"] == "waived"
    assert card["gate"]["min_evidence_share"] == 99 and outputs["gate"] == "failed" and done.returncode == 1
