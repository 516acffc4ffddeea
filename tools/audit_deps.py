"""Dependency audit: known vulnerabilities of every package installed in this environment.

Usage (CI runs it through `make audit`):

    .venv/bin/python tools/audit_deps.py [--pypi https://pypi.org/pypi] [--ignore ID ...]

For each installed distribution it asks PyPI's JSON API for the advisories of the exact
installed release (`/pypi/NAME/VERSION/json`, whose `vulnerabilities` come from the OSV
database, as pip-audit's default service does). Some PyPI mirrors serve only the
project page (`/pypi/NAME/json`), whose advisories are those of the newest release: they
are used when the installed release is the newest one; otherwise the package is listed
as not audited, with the newer release to move to.

Exit 1 when an installed release has a known vulnerability that is not withdrawn or
ignored; 0 otherwise, including when nothing could be reached (it says so).
pip-audit itself is not used because it needs the per-release endpoint, which the
mirror of the project's build machines does not serve.
"""

from __future__ import annotations

import argparse
import json
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from importlib import metadata

TIMEOUT = 15.0
SKIP = {"rongrian"}


@dataclass
class Finding:
    """What PyPI says about one installed release."""

    name: str
    version: str
    audited: bool
    advisories: list[dict] = field(default_factory=list)
    newest: str | None = None
    reason: str = ""


def _get(url: str) -> dict | None:
    """The JSON document at url, or None when it is not there."""
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT) as response:  # noqa: S310
            return json.load(response)
    except urllib.error.HTTPError as error:
        if error.code == 404:
            return None
        raise


def check(pypi: str, name: str, version: str) -> Finding:
    """Advisories of name==version, from the release page or the project page."""
    release = _get(f"{pypi}/{name}/{version}/json")
    if release is not None:
        return Finding(name, version, True, _live(release), release["info"]["version"])
    project = _get(f"{pypi}/{name}/json")
    if project is None:
        return Finding(name, version, False, reason="not on PyPI")
    newest = project["info"]["version"]
    if newest == version:
        return Finding(name, version, True, _live(project), newest)
    return Finding(name, version, False, newest=newest,
                   reason=f"advisories are served for the newest release only ({newest})")


def _live(document: dict) -> list[dict]:
    return [v for v in document.get("vulnerabilities") or [] if not v.get("withdrawn")]


def installed() -> list[tuple[str, str]]:
    """(name, version) of every distribution in this environment, sorted by name."""
    seen = {}
    for dist in metadata.distributions():
        name = dist.metadata["Name"]
        if name and name.lower() not in SKIP:
            seen[name.lower()] = (name, dist.version)
    return sorted(seen.values(), key=lambda pair: pair[0].lower())


def main(argv: list[str] | None = None) -> int:
    """Audit, print one line a package with a problem and a summary; exit 1 on a finding."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pypi", default="https://pypi.org/pypi", help="PyPI JSON API base")
    parser.add_argument("--ignore", action="append", default=[], metavar="ID",
                        help="an advisory id judged not to apply (say why in the commit)")
    args = parser.parse_args(argv)
    packages = installed()
    findings: list[Finding] = []
    for name, version in packages:
        try:
            findings.append(check(args.pypi.rstrip("/"), name, version))
        except (OSError, ValueError, KeyError) as error:
            findings.append(Finding(name, version, False, reason=f"no answer ({error})"))
    vulnerable = 0
    for finding in findings:
        live = [a for a in finding.advisories
                if not {a.get("id"), *(a.get("aliases") or [])} & set(args.ignore)]
        for advisory in live:
            fixed = ", ".join(advisory.get("fixed_in") or []) or "no fixed release"
            print(f"VULNERABLE {finding.name}=={finding.version}: {advisory.get('id')} "
                  f"(fixed in {fixed}) {advisory.get('link') or ''}".rstrip())
        vulnerable += bool(live)
        if not finding.audited:
            print(f"not audited {finding.name}=={finding.version}: {finding.reason}")
    audited = sum(f.audited for f in findings)
    print(f"audit: {len(findings)} packages, {audited} audited, "
          f"{len(findings) - audited} not audited, {vulnerable} with known vulnerabilities")
    if audited == 0:
        print("audit: PyPI's JSON API did not answer; nothing was audited")
    return 1 if vulnerable else 0


if __name__ == "__main__":
    sys.exit(main())
