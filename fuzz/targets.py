"""The fuzz targets as plain functions (no atheris needed): the harness fuzzes them, the regression
test replays every crash input found (tests/fixtures/fuzz/) through them.

An input is written to a file and handed to each adapter of the family: sniff() on its head, then
parse() whatever sniff said (a sniff can be fooled, so parse must cope with anything). The only
exception an adapter may raise is InvalidEvidence; the facts it returns must make a valid
EvidenceFile record. For `packs` the input is a pack file, and the only exception is PackError.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from readiness import adapters
from readiness.adapters.base import HEAD_BYTES, InvalidEvidence
from readiness.evidence import sane_facts
from readiness.packs import PackError, load_packs

# A file name per family that its adapters' sniffs and parsers accept, so name-based branches run too.
NAMES = {"load": "stats_stats.csv", "secrets": "gitleaks-report.json", "deps": "pip-audit.json"}
SCRATCH = Path(tempfile.mkdtemp(prefix="readiness-fuzz-"))


def families() -> list[str]:
    """Every adapter family, in registry order."""
    return list(dict.fromkeys(str(m.FAMILY) for m in adapters.REGISTRY.values()))


def targets() -> list[str]:
    """Every fuzz target: the adapter families and `packs` (and `all`, which takes its target from the
    input's first byte: one process fuzzes everything, for the seconds-long run of the test suite)."""
    return [*families(), "packs", "all"]


def run_adapters(family: str, data: bytes) -> None:
    """One input through every adapter of the family; raises on anything but InvalidEvidence."""
    path = SCRATCH / NAMES.get(family, "evidence")
    path.write_bytes(data)
    head = data[:HEAD_BYTES]
    for module in adapters.REGISTRY.values():
        if family != module.FAMILY:
            continue
        module.sniff(path, head)
        try:
            parsed = module.parse(path)
        except InvalidEvidence:
            continue
        sane_facts(parsed.facts)
        parsed.model_dump(mode="json")  # details and facts must serialise for the JSON report


def run_packs(data: bytes) -> None:
    """One input as a pack file; raises on anything but PackError."""
    path = SCRATCH / "pack.yaml"
    path.write_bytes(data)
    try:
        load_packs([str(path)])
    except PackError as exc:
        for issue in exc.issues:
            str(issue)


def _real_files(target: str, limit: int) -> list[Path]:
    root = Path(__file__).resolve().parent.parent
    if target == "packs":
        return [*(root / "checks").glob("*.yaml"), *(root / "tests").rglob("*pack*.y*ml")]
    found = []
    for path in sorted([*(root / "tests" / "fixtures").rglob("*"), *(root / "tests" / "corpus").rglob("*")]):
        if not path.is_file() or path.suffix == ".md" or path.name.endswith(".facts.json"):
            continue
        if path.stat().st_size > limit:
            continue
        module = adapters.sniff(path, path.read_bytes()[:HEAD_BYTES])
        if module is not None and (target == "all" or target == module.FAMILY):
            found.append(path)
    return found


def seed(target: str, folder: Path, limit: int = 64 * 1024) -> int:
    """Copy the project's real files of this target (fixtures and corpus under 64 KiB that one of
    the family's adapters sniffs; for packs, the built-in and fixture packs) into folder. For `all`,
    each file is prefixed with the byte that selects its target."""
    folder.mkdir(parents=True, exist_ok=True)
    names = targets()
    found = _real_files(target, limit)
    if target == "all":
        found += _real_files("packs", limit)
    for index, path in enumerate(found):
        data = path.read_bytes()
        if target == "all":
            module = adapters.sniff(path, data[:HEAD_BYTES])
            data = bytes([names.index(str(module.FAMILY) if module else "packs")]) + data
        (folder / f"{index:04d}-{path.name}").write_bytes(data)
    return len(found)


def run(target: str, data: bytes) -> None:
    """One input through one target."""
    if target == "all":
        names = targets()[:-1]
        if not data:
            return
        target, data = names[data[0] % len(names)], data[1:]
    if target == "packs":
        run_packs(data)
    else:
        run_adapters(target, data)
