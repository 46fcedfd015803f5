"""Shared test setup: ``tests/`` on the path (for ``factory``) and hypothesis settings.

Hypothesis runs without per-example deadlines: the machine is shared and timing is not
what these tests check (speed targets live in ``bench/``).  ``HYPOTHESIS_PROFILE=thorough``
runs more examples.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from hypothesis import HealthCheck, settings

sys.path.insert(0, str(Path(__file__).parent))

settings.register_profile("default", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile(
    "thorough", deadline=None, max_examples=1000, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
