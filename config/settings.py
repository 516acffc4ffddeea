"""Settings, read once from the environment (CONTRACT.md's table)."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from core.domain.sla import SlaPolicy, policy_from_setting

DEFAULT_DATABASE_URL = "sqlite:///instance/rongrian.db"
TIMEZONE = "Asia/Bangkok"


class SettingsError(ValueError):
    """Every missing or malformed setting, reported together."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("invalid settings: " + "; ".join(problems))


@dataclass(frozen=True)
class Settings:
    database_url: str
    line_channel_secret: str | None
    line_channel_access_token: str | None
    line_api_base_url: str | None
    secret_key: str
    port: int
    instance_path: Path
    production: bool
    sla_policy: SlaPolicy  # SLA_POLICY: sso (default), bma, or a policy's JSON file
    trusted_proxies: int = 0  # TRUSTED_PROXIES: reverse proxies whose X-Forwarded-* to believe

    @property
    def local_mode(self) -> bool:
        """True when no LINE credentials are configured: the in-process fake LINE is used."""
        return not (self.line_channel_secret and self.line_channel_access_token)

    @classmethod
    def from_env(cls, env: Mapping[str, str], instance_path: Path | None = None) -> Settings:
        """Read and validate every variable; raise SettingsError listing all problems."""
        problems: list[str] = []
        instance = Path(env.get("RONGRIAN_INSTANCE", instance_path or "instance")).resolve()

        database_url = env.get("DATABASE_URL", "").strip() or DEFAULT_DATABASE_URL
        scheme = database_url.split(":", 1)[0]
        if scheme in ("postgresql", "postgres"):  # as hosting platforms give it
            database_url = "postgresql+psycopg" + database_url[len(scheme):]
        elif scheme not in ("sqlite", "postgresql+psycopg"):
            problems.append(
                f"DATABASE_URL must be sqlite:///… or postgresql+psycopg://…, not {scheme!r}"
            )

        secret = env.get("LINE_CHANNEL_SECRET", "").strip() or None
        token = env.get("LINE_CHANNEL_ACCESS_TOKEN", "").strip() or None
        if bool(secret) != bool(token):
            missing = "LINE_CHANNEL_ACCESS_TOKEN" if secret else "LINE_CHANNEL_SECRET"
            problems.append(f"{missing} is missing (set both LINE variables, or neither)")

        base = env.get("LINE_API_BASE_URL", "").strip() or None
        if base:
            parsed = urlparse(base)
            if parsed.scheme not in ("http", "https") or not parsed.netloc:
                problems.append(f"LINE_API_BASE_URL must be an http(s) URL, not {base!r}")
            base = base.rstrip("/")

        production = bool(secret and token)
        secret_key = env.get("SECRET_KEY", "").strip()
        if not secret_key:
            if secret or token:  # the operator means real LINE mode
                problems.append("SECRET_KEY is required when LINE credentials are set")
            else:
                secret_key = _local_secret_key(instance)
        elif len(secret_key) < 16:
            problems.append("SECRET_KEY must be at least 16 characters")

        port_text = env.get("PORT", "").strip() or "8000"
        port = 0
        if not port_text.isdigit() or not 0 < int(port_text) < 65536:
            problems.append(f"PORT must be a number from 1 to 65535, not {port_text!r}")
        else:
            port = int(port_text)

        proxies_text = env.get("TRUSTED_PROXIES", "").strip() or "0"
        trusted_proxies = 0
        if not proxies_text.isdigit() or int(proxies_text) > 5:
            problems.append(
                f"TRUSTED_PROXIES must be a number from 0 to 5, not {proxies_text!r}")
        else:
            trusted_proxies = int(proxies_text)

        sla_policy = None
        try:
            sla_policy = policy_from_setting(env.get("SLA_POLICY", "").strip() or "sso")
        except ValueError as exc:
            problems.append(str(exc))

        if problems:
            raise SettingsError(problems)
        return cls(
            database_url=database_url,
            line_channel_secret=secret,
            line_channel_access_token=token,
            line_api_base_url=base,
            secret_key=secret_key,
            port=port,
            instance_path=instance,
            production=production,
            sla_policy=sla_policy,
            trusted_proxies=trusted_proxies,
        )


def _local_secret_key(instance: Path) -> str:
    """A key generated once into instance/ for local mode, so sessions survive restarts."""
    path = instance / "secret_key"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        instance.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(32)
        path.write_text(key)
        path.chmod(0o600)
        return key
