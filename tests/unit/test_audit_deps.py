"""tools/audit_deps.py against a fake PyPI JSON API (pytest-httpserver)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

_PATH = Path(__file__).resolve().parents[2] / "tools" / "audit_deps.py"
_spec = importlib.util.spec_from_file_location("audit_deps", _PATH)
audit_deps = importlib.util.module_from_spec(_spec)
sys.modules.setdefault("audit_deps", audit_deps)
_spec.loader.exec_module(audit_deps)

ADVISORY = {"id": "PYSEC-2099-1", "aliases": ["CVE-2099-0001"], "fixed_in": ["2.0"],
            "link": "https://osv.dev/vulnerability/PYSEC-2099-1", "withdrawn": None}


@pytest.fixture
def only(monkeypatch: pytest.MonkeyPatch):
    """Pretend the environment holds just the given packages."""
    def set_packages(*pairs: tuple[str, str]) -> None:
        monkeypatch.setattr(audit_deps, "installed", lambda: list(pairs))
    return set_packages


def _pypi(httpserver: HTTPServer) -> str:
    return httpserver.url_for("/pypi")


def test_a_release_with_an_advisory_fails_the_audit(httpserver, only, capsys) -> None:
    only(("demo", "1.0"))
    httpserver.expect_request("/pypi/demo/1.0/json").respond_with_json(
        {"info": {"version": "2.0"}, "vulnerabilities": [ADVISORY]})
    assert audit_deps.main(["--pypi", _pypi(httpserver)]) == 1
    out = capsys.readouterr().out
    assert "VULNERABLE demo==1.0: PYSEC-2099-1 (fixed in 2.0)" in out
    assert "1 with known vulnerabilities" in out


def test_an_ignored_or_withdrawn_advisory_does_not_fail(httpserver, only) -> None:
    only(("demo", "1.0"), ("other", "3.1"))
    httpserver.expect_request("/pypi/demo/1.0/json").respond_with_json(
        {"info": {"version": "2.0"}, "vulnerabilities": [ADVISORY]})
    httpserver.expect_request("/pypi/other/3.1/json").respond_with_json(
        {"info": {"version": "3.1"},
         "vulnerabilities": [{**ADVISORY, "id": "GHSA-x", "withdrawn": "2099-01-01"}]})
    assert audit_deps.main(["--pypi", _pypi(httpserver), "--ignore", "CVE-2099-0001"]) == 0


def test_without_release_pages_the_newest_release_is_audited_from_the_project_page(
        httpserver, only, capsys) -> None:
    only(("newest", "5.0"), ("older", "1.0"))
    for name in ("newest", "older"):
        httpserver.expect_request(f"/pypi/{name}/{'5.0' if name == 'newest' else '1.0'}/json"
                                  ).respond_with_data("", status=404)
    httpserver.expect_request("/pypi/newest/json").respond_with_json(
        {"info": {"version": "5.0"}, "vulnerabilities": [ADVISORY]})
    httpserver.expect_request("/pypi/older/json").respond_with_json(
        {"info": {"version": "1.2"}, "vulnerabilities": []})
    assert audit_deps.main(["--pypi", _pypi(httpserver)]) == 1
    out = capsys.readouterr().out
    assert "VULNERABLE newest==5.0" in out
    assert "not audited older==1.0: advisories are served for the newest release only (1.2)" in out
    assert "2 packages, 1 audited, 1 not audited, 1 with known vulnerabilities" in out


def test_an_unreachable_pypi_is_said_not_hidden(only, capsys) -> None:
    only(("demo", "1.0"))
    assert audit_deps.main(["--pypi", "http://127.0.0.1:9/pypi"]) == 0
    out = capsys.readouterr().out
    assert "not audited demo==1.0: no answer" in out
    assert "nothing was audited" in out


def test_the_environment_is_listed_without_the_project_itself() -> None:
    names = {name.lower() for name, _ in audit_deps.installed()}
    assert "flask" in names and "rongrian" not in names
