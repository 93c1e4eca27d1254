"""The console-script entry point: take signals first, then run the command line in a worker thread."""

from __future__ import annotations

import sys
import threading


def main() -> None:
    """Install the signal handlers before anything slow is imported, then run readiness.cli.main in a
    worker thread and wait for it here, where a signal is always handled at once."""
    from readiness import interrupts

    interrupts.install()
    outcome: list[BaseException] = []

    def work() -> None:
        try:
            from readiness.cli import main as cli_main

            cli_main()
        except BaseException as exc:  # SystemExit carries the exit code back to the main thread
            outcome.append(exc)

    worker = threading.Thread(target=work, name="readiness", daemon=True)
    worker.start()
    while worker.is_alive():
        worker.join(0.25)
    sys.stdout.flush()
    if outcome:
        raise outcome[0]
