"""API keys: ``lgs_<key id>_<secret>``, issued once and stored only as a salted hash.

The key id (12 random letters and digits) names the key in lists, logs and revocation; the
secret (32 random bytes, base64url) proves possession and is never stored or shown again.
"""

import hashlib
import hmac
import re
import secrets
import string
from dataclasses import dataclass

from graph_service.auth.verified import VerifiedKeys
from graph_service.domain.access import KEY_PREFIX, ApiKey, Principal, Role
from graph_service.errors import AuthenticationError
from graph_service.repository.keys import ApiKeyRepository

KEY_ID_LENGTH = 12
SECRET_BYTES = 32
SALT_BYTES = 16
_KEY_ID_ALPHABET = string.ascii_letters + string.digits
_SECRET_LENGTH = 43  # 32 bytes in unpadded base64url
_KEY_FORMAT = re.compile(
    re.escape(KEY_PREFIX)
    + rf"(?P<key_id>[A-Za-z0-9]{{{KEY_ID_LENGTH}}})_(?P<secret>[A-Za-z0-9_\-]{{{_SECRET_LENGTH}}})"
)

_MALFORMED = (
    "the API key is malformed; API keys look like lgs_<12 characters>_<43 characters>: "
    "copy the whole key as it was issued"
)
_NOT_VALID = (
    "the API key is not valid: no active key matches it; check that it was copied whole, "
    "or ask an admin for a new one"
)
_REVOKED = "the API key has been revoked; ask an admin for a new one"


@dataclass(frozen=True)
class ParsedKey:
    """A key split into its id and its secret; the secret must never be logged or stored."""

    key_id: str
    secret: str

    def __repr__(self) -> str:  # keeps the secret out of tracebacks and debug output
        return f"ParsedKey(key_id={self.key_id!r}, secret='***')"


@dataclass(frozen=True)
class IssuedKey:
    """A key just created: ``text`` is shown to its owner once and never again."""

    key: ApiKey
    text: str

    def __repr__(self) -> str:
        return f"IssuedKey(key={self.key!r}, text='***')"


def generate_key() -> ParsedKey:
    """A new random key id and secret."""
    key_id = "".join(secrets.choice(_KEY_ID_ALPHABET) for _ in range(KEY_ID_LENGTH))
    return ParsedKey(key_id=key_id, secret=secrets.token_urlsafe(SECRET_BYTES))


def key_text(key: ParsedKey) -> str:
    """The key as its owner sends it: ``lgs_<key id>_<secret>``."""
    return f"{KEY_PREFIX}{key.key_id}_{key.secret}"


def parse_key(text: str) -> ParsedKey:
    """Split a presented key; anything but a well-formed key is refused without detail."""
    found = _KEY_FORMAT.fullmatch(text)
    if found is None:
        raise AuthenticationError(_MALFORMED)
    return ParsedKey(key_id=found["key_id"], secret=found["secret"])


def new_salt() -> str:
    """A fresh random salt (16 bytes, hex) for one key."""
    return secrets.token_hex(SALT_BYTES)


def hash_secret(salt: str, secret: str) -> str:
    """HMAC-SHA256 of the secret under the key's salt, hex.

    A fast keyed hash is sound here: the secret is 256 random bits, so guessing it is out of
    reach however fast each guess is. Slow key-derivation functions (bcrypt, scrypt, Argon2)
    exist to protect low-entropy passwords, and would add their cost to every request.
    """
    return hmac.new(bytes.fromhex(salt), secret.encode("ascii"), hashlib.sha256).hexdigest()


def secret_matches(secret: str, salt: str, expected_hash: str) -> bool:
    """Whether ``secret`` hashes to ``expected_hash``, compared in constant time."""
    return hmac.compare_digest(hash_secret(salt, secret), expected_hash)


async def issue_key(keys: ApiKeyRepository, *, name: str, role: Role) -> IssuedKey:
    """Create a key for ``name`` with ``role``; the returned text is the only copy of it."""
    generated = generate_key()
    salt = new_salt()
    stored = await keys.create(
        key_id=generated.key_id,
        name=name,
        role=role,
        salt=salt,
        secret_hash=hash_secret(salt, generated.secret),
    )
    return IssuedKey(key=stored, text=key_text(generated))


async def verify_key(
    keys: ApiKeyRepository, text: str, verified: VerifiedKeys | None = None
) -> Principal:
    """The principal for a presented key.

    The key is read from the store, unless ``verified`` kept it from a verification a few
    seconds ago; either way the presented secret is checked against the key's hash. An unknown
    key id and a wrong secret give the same answer; that the key was revoked is said only to a
    caller who holds its secret.
    """
    presented = parse_key(text)
    kept = verified.get(presented.key_id) if verified is not None else None
    stamp = verified.stamp() if verified is not None else None
    stored = kept if kept is not None else await keys.find(presented.key_id)
    if stored is None:
        # Hash anyway, so that an unknown id takes as long to refuse as a wrong secret.
        secret_matches(presented.secret, new_salt(), "0" * 64)
        raise AuthenticationError(_NOT_VALID)
    if not secret_matches(presented.secret, stored.salt, stored.secret_hash):
        raise AuthenticationError(_NOT_VALID)
    if not stored.key.active:
        raise AuthenticationError(_REVOKED)
    if verified is not None and stamp is not None and kept is None:  # read just now: keep it
        verified.keep(stored, stamp)
    return Principal(
        subject=stored.key.name, kind="key", role=stored.key.role, key_id=stored.key.key_id
    )
