"""OAuth state of the emulator: registered clients, authorization codes, access and refresh tokens.

Access tokens live 3600 s and refresh tokens 60 days of emulated time; each refresh rotates
the refresh token (the old one stops working at once).
"""

from __future__ import annotations

import hmac
import threading

import attrs

from formify.testing._state.clock import Clock
from formify.testing._state.models import new_secret

ACCESS_LIFETIME = 3600
REFRESH_LIFETIME = 60 * 24 * 3600
CODE_LIFETIME = 600


@attrs.define
class Client:
    """A registered OAuth client."""

    client_id: str
    client_secret: str
    redirect_uris: list[str]


@attrs.define
class Grant:
    """What a code or refresh token stands for."""

    client_id: str
    scope: str
    expires_at: float
    redirect_uri: str | None = None
    grant_id: str = attrs.Factory(lambda: new_secret("grant_", 8))


class OAuthError(Exception):
    """A token-endpoint refusal: the OAuth error code and the message key of its description."""

    def __init__(self, status: int, code: str, key: str) -> None:
        super().__init__(code)
        self.status = status
        self.code = code
        self.key = key


class Tokens:
    """Clients, codes and tokens; thread-safe."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self._lock = threading.Lock()
        self.clients: dict[str, Client] = {}
        self._codes: dict[str, Grant] = {}
        self._access: dict[str, float | None] = {}  # token -> expiry (None: never)
        self._refresh: dict[str, Grant] = {}
        self._static: set[str] = set()
        self._grant_of: dict[str, str] = {}  # issued token -> the grant it belongs to

    def add_static(self, token: str) -> None:
        """Accept `token` as an access token that does not expire by time."""
        with self._lock:
            self._static.add(token)
            self._access[token] = None

    def register_client(self, client_id: str, client_secret: str, redirect_uris: list[str]) -> None:
        """Register an OAuth client (an empty `redirect_uris` accepts any redirect URI)."""
        with self._lock:
            self.clients[client_id] = Client(client_id, client_secret, list(redirect_uris))

    def valid(self, token: str) -> bool:
        """Whether `token` is a live access token."""
        with self._lock:
            if token not in self._access:
                return False
            expiry = self._access[token]
            return expiry is None or self.clock.now() < expiry

    def expire_all(self) -> None:
        """Make every access token expired (refresh tokens keep working)."""
        now = self.clock.now()
        with self._lock:
            for token in self._access:
                self._access[token] = now - 1

    def client_ok(self, client_id: str, client_secret: str) -> bool:
        """Whether the client credentials match a registered client."""
        with self._lock:
            client = self.clients.get(client_id)
        return client is not None and secrets_equal(client.client_secret, client_secret)

    def redirect_ok(self, client_id: str, redirect_uri: str) -> bool:
        """Whether `redirect_uri` is registered for the client."""
        client = self.clients.get(client_id)
        return client is not None and (
            not client.redirect_uris or redirect_uri in client.redirect_uris
        )

    def issue_code(self, client_id: str, redirect_uri: str, scope: str) -> str:
        """Return a single-use authorization code, valid 10 minutes."""
        code = new_secret("code_")
        with self._lock:
            self._codes[code] = Grant(
                client_id, scope, self.clock.now() + CODE_LIFETIME, redirect_uri
            )
        return code

    def _issue(self, client_id: str, scope: str, grant_id: str) -> dict[str, object]:
        access, refresh = new_secret("at_"), new_secret("rt_")
        now = self.clock.now()
        self._access[access] = now + ACCESS_LIFETIME
        self._refresh[refresh] = Grant(client_id, scope, now + REFRESH_LIFETIME, None, grant_id)
        self._grant_of[access] = self._grant_of[refresh] = grant_id
        return {
            "access_token": access,
            "expires_in": ACCESS_LIFETIME,
            "refresh_token": refresh,
            "token_type": "Bearer",
            "scope": scope,
        }

    def exchange_code(
        self, client_id: str, code: str, redirect_uri: str | None
    ) -> dict[str, object]:
        """Trade a code for tokens (the code is spent even when the exchange fails)."""
        with self._lock:
            grant = self._codes.pop(code, None)
            if grant is None or grant.client_id != client_id or self.clock.now() > grant.expires_at:
                raise OAuthError(400, "invalid_grant", "oauth_code")
            if redirect_uri != grant.redirect_uri:
                raise OAuthError(400, "invalid_grant", "oauth_redirect")
            return self._issue(client_id, grant.scope, grant.grant_id)

    def refresh(self, client_id: str, refresh_token: str, scope: str | None) -> dict[str, object]:
        """Trade a refresh token for new tokens; the old refresh token dies (rotation)."""
        with self._lock:
            grant = self._refresh.get(refresh_token)
            if grant is None or grant.client_id != client_id or self.clock.now() > grant.expires_at:
                raise OAuthError(400, "invalid_grant", "oauth_refresh")
            del self._refresh[refresh_token]
            del self._grant_of[refresh_token]
            return self._issue(client_id, scope or grant.scope, grant.grant_id)

    def revoke(self, token: str) -> bool:
        """Revoke a token and its whole grant; False when unknown or already revoked."""
        with self._lock:
            grant_id = self._grant_of.get(token)
            if grant_id is None:
                # a static token has no grant: only it stops working
                return self._access.pop(token, "missing") != "missing"
            for issued in [t for t, g in self._grant_of.items() if g == grant_id]:
                self._access.pop(issued, None)
                self._refresh.pop(issued, None)
                del self._grant_of[issued]
            return True

    def reset(self) -> None:
        """Forget codes and issued tokens; static tokens live again; clients stay."""
        with self._lock:
            self._codes.clear()
            self._refresh.clear()
            self._grant_of.clear()
            self._access = dict.fromkeys(self._static)


def secrets_equal(a: str, b: str) -> bool:
    """Constant-time string comparison."""
    return hmac.compare_digest(a.encode(), b.encode())
