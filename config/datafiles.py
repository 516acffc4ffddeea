"""Cached loaders for the project's reference data files in config/data/.

Each loader reads its file once per process. The returned objects are shared between
callers: treat them as read-only (copy before changing anything).
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any


def read_data_file(name: str) -> Any:
    """Parse config/data/<name> (UTF-8 JSON), wherever the package is installed."""
    path = resources.files("config") / "data" / name
    return json.loads(path.read_text(encoding="utf-8"))


@cache
def load_units() -> list[dict]:
    """SSO units: Information Center, head office, Bangkok areas, provinces, branches."""
    return read_data_file("units.json")


@cache
def load_hospitals() -> list[dict]:
    """Network hospitals with stable ids, province/district codes and aliases."""
    return read_data_file("hospitals.json")


@cache
def load_geo() -> dict:
    """Provinces (with aliases), districts and the postal code map."""
    return read_data_file("geo.json")


@cache
def load_routing() -> dict:
    """Default routing: category rules, Bangkok district areas, branch districts."""
    return read_data_file("routing.json")


@cache
def load_privacy_notice() -> dict:
    """The PDPA notice shown before personal data is collected."""
    return read_data_file("privacy_notice.json")
