"""Atheris fuzz harness: every adapter of one evidence family, or check-pack loading (fuzz/targets.py).

Usage: python fuzz/harness.py TARGET [libFuzzer options] [CORPUS_DIR ...]
       python fuzz/harness.py seed TARGET DIR     (fill DIR with the project's real files of TARGET)
TARGET is an adapter family (tests, load, alerting, ...) or `packs`. See fuzz/README.md.
Any exception other than the ones a target allows is a crash: libFuzzer stops and writes the input
to crash-<sha1>.
"""

from __future__ import annotations

import sys
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parent))
with atheris.instrument_imports(include=["readiness"]):
    import targets


def main() -> None:
    """Run one target under libFuzzer, or `seed TARGET DIR` to fill a corpus folder."""
    names = targets.targets()
    if len(sys.argv) == 4 and sys.argv[1] == "seed" and sys.argv[2] in names:
        print(f"{targets.seed(sys.argv[2], Path(sys.argv[3]))} seed files in {sys.argv[3]}")
        return
    if len(sys.argv) < 2 or sys.argv[1] not in names:
        sys.exit(f"usage: {sys.argv[0]} TARGET [libFuzzer options] [CORPUS_DIR ...]; targets: {', '.join(names)}")
    target = sys.argv.pop(1)
    atheris.Setup(sys.argv, lambda data: targets.run(target, data))
    atheris.Fuzz()


if __name__ == "__main__":
    main()
