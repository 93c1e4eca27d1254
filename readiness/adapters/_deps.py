"""Dependency-audit tallies shared by the pip-audit, npm audit, Trivy and OSV-Scanner adapters."""

from __future__ import annotations

from collections import Counter
from typing import Any

BANDS = ("critical", "high", "medium", "low")
FACTS = ("deps.vulnerable", "deps.vulns", "deps.vulns.unknown", *(f"deps.vulns.{band}" for band in BANDS))
# Tool words for a band; "moderate" is npm's and GitHub's medium. Informational levels (info,
# negligible) are known but below low: they count in deps.vulns and in no band.
_WORDS = {"critical": "critical", "high": "high", "medium": "medium", "moderate": "medium", "low": "low",
          "info": "info", "informational": "info", "negligible": "info", "none": "info"}
_SAMPLE = 10


def band_of_score(score: float) -> str:
    """The CVSS v3 qualitative band of a base score (0 is none, which we file as info)."""
    if score >= 9.0:
        return "critical"
    if score >= 7.0:
        return "high"
    if score >= 4.0:
        return "medium"
    return "low" if score >= 0.1 else "info"


def band_of_word(word: Any) -> str:
    """critical/high/medium/low/info for a tool's severity word, else unknown (never guessed)."""
    return _WORDS.get(str(word).strip().lower(), "unknown") if word else "unknown"


class Tally:
    """Vulnerabilities of one report: per band, and which packages carry any."""

    def __init__(self) -> None:
        self.bands: Counter[str] = Counter()
        self.packages: set[str] = set()
        self.sample: list[dict[str, Any]] = []

    def add(self, package: str, vuln_id: str, band: str, **extra: Any) -> None:
        """Record one vulnerability of `package` at `band` (see band_of_word/band_of_score)."""
        self.bands[band] += 1
        self.packages.add(package)
        if len(self.sample) < _SAMPLE:
            self.sample.append({"package": package, "id": vuln_id, "severity": band, **extra})

    @property
    def total(self) -> int:
        return sum(self.bands.values())

    def facts(self) -> dict[str, int]:
        """deps.* facts; the bands only when supported (no vulnerabilities, or some with a known severity)."""
        facts = {"deps.vulnerable": len(self.packages), "deps.vulns": self.total,
                 "deps.vulns.unknown": self.bands["unknown"]}
        if self.total == 0 or self.bands["unknown"] < self.total:
            facts.update({f"deps.vulns.{band}": self.bands[band] for band in BANDS})
        return facts

    def warnings(self) -> list[str]:
        """Weak-evidence notes about severities the tool did not give."""
        unknown = self.bands["unknown"]
        if not unknown:
            return []
        if unknown == self.total:
            return [f"{unknown} vulnerabilities without a severity: deps.vulns.critical/high/medium/low "
                    "are not reported"]
        return [f"{unknown} of {self.total} vulnerabilities have no severity and are in no band"]

    def details(self) -> dict[str, Any]:
        """The per-band table and the first vulnerabilities, for the report."""
        return {"by_severity": dict(self.bands), "vulnerable_packages": sorted(self.packages)[:50],
                "vulns_sample": self.sample}
