"""Authentication: API keys, OpenID Connect bearer tokens, and the authenticator over both."""

from graph_service.auth.authenticate import Authenticator
from graph_service.auth.keys import IssuedKey, issue_key, parse_key, verify_key
from graph_service.auth.tokens import TokenVerifier, role_from_claims

__all__ = [
    "Authenticator",
    "IssuedKey",
    "TokenVerifier",
    "issue_key",
    "parse_key",
    "role_from_claims",
    "verify_key",
]
