"""Settings of the web app, from the environment (see docs/web.md)."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field

MB = 1024 * 1024


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return int(raw)
    except ValueError:
        raise ValueError(f"环境变量 {name} 应为整数：{raw!r}") from None


@dataclass(frozen=True)
class Settings:
    database_url: str | None = None  # None: DATABASE_URL, else a SQLite file
    admin_token: str | None = None  # None: uploads are refused (read-only installation)
    max_upload_bytes: int = 20 * MB
    secret: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    login_attempts: int = 5  # failed logins allowed per client …
    login_window_seconds: int = 300  # … in this window
    load_sample: bool = True  # store the built-in sample when the database is empty
    public_read: bool = True  # False: reading needs the admin token as well

    @property
    def max_request_bytes(self) -> int:
        return self.max_upload_bytes + 64 * 1024  # multipart envelope and form fields

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        values: dict[str, object] = {
            "database_url": os.environ.get("DATABASE_URL") or None,
            "admin_token": os.environ.get("YUSUAN_ADMIN_TOKEN") or None,
            "max_upload_bytes": _int("YUSUAN_MAX_UPLOAD_MB", 20) * MB,
            "login_attempts": _int("YUSUAN_LOGIN_ATTEMPTS", 5),
            "login_window_seconds": _int("YUSUAN_LOGIN_WINDOW", 300),
            "public_read": os.environ.get("YUSUAN_PUBLIC_READ", "1") not in ("0", "false", "no"),
        }
        if os.environ.get("YUSUAN_SECRET"):
            values["secret"] = os.environ["YUSUAN_SECRET"]
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]
