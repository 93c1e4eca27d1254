"""readiness: scores a service's production readiness from the evidence files its pipeline produces."""

from __future__ import annotations

__version__ = "0.1.0"
