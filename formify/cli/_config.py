"""Profiles: settings and the token of each under ``$XDG_CONFIG_HOME/formify/<profile>/``.

A profile directory holds ``settings.json`` (base URL, OAuth client) and ``token.json`` (a
``FileTokenStore``), both 0600 in a 0700 directory. A flag beats an environment variable,
which beats the profile's setting.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from formify.cli._errors import CLIError, UsageError

ENV_PROFILE = "FORMIFY_PROFILE"
ENV_CLIENT_ID = "FORMIFY_CLIENT_ID"
ENV_CLIENT_SECRET = "FORMIFY_CLIENT_SECRET"  # noqa: S105 (a variable name, not a secret)
DEFAULT_PROFILE = "default"
_PROFILE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
SETTING_KEYS = ("base_url", "client_id", "client_secret", "authorize_base")


def config_root() -> Path:
    """``$XDG_CONFIG_HOME/formify``, by default ``~/.config/formify``."""
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base).expanduser() / "formify"


@dataclass
class Profile:
    """One named profile's files."""

    name: str

    def __post_init__(self) -> None:
        if not _PROFILE_NAME.match(self.name):
            raise UsageError(
                f"--profile: {self.name!r} is not a profile name (letters, digits, '_', '-', '.')"
            )

    @property
    def directory(self) -> Path:
        """The profile's directory."""
        return config_root() / self.name

    @property
    def token_path(self) -> Path:
        """Where the profile's ``FileTokenStore`` keeps the token."""
        return self.directory / "token.json"

    @property
    def settings_path(self) -> Path:
        """The profile's ``settings.json``."""
        return self.directory / "settings.json"

    def load_settings(self) -> dict[str, str]:
        """Return the saved settings ({} when there are none)."""
        try:
            data: Any = json.loads(self.settings_path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            raise CLIError(f"cannot read {self.settings_path}: {exc}") from exc
        if not isinstance(data, dict):
            raise CLIError(f"{self.settings_path} does not hold a JSON object")
        return {k: v for k, v in data.items() if k in SETTING_KEYS and isinstance(v, str)}

    def save_settings(self, values: dict[str, str]) -> None:
        """Write the settings atomically, 0600 from the first byte."""
        import secrets

        self.ensure_directory()
        payload = json.dumps(values, indent=2, sort_keys=True).encode("utf-8")
        tmp = self.directory / f".settings.{secrets.token_hex(6)}.tmp"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
        os.replace(tmp, self.settings_path)

    def ensure_directory(self) -> None:
        """Create the profile directory, readable by its owner only."""
        self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(self.directory, 0o700)


@dataclass
class Settings:
    """The global options, resolved: what every command works with."""

    json: bool = False
    debug: bool = False
    base_url: str | None = None
    access_token: str | None = None
    profile: Profile = field(default_factory=lambda: Profile(DEFAULT_PROFILE))
    saved: dict[str, str] = field(default_factory=dict)

    def setting(self, key: str, env: str | None = None) -> str | None:
        """Return the environment variable (when named), else the profile's saved value."""
        if env and os.environ.get(env):
            return os.environ[env]
        return self.saved.get(key)

    @property
    def resolved_base_url(self) -> str | None:
        """--base-url / FORMIFY_BASE_URL (typer resolved both), else the profile's."""
        return self.base_url or self.saved.get("base_url")
