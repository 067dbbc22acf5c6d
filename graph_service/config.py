"""Settings, read once at start-up from ``GRAPH_SERVICE_*`` variables and an optional ``.env``.

Nothing here runs at import: call :func:`load_settings` from an entry point and pass the
result down.
"""

import re
from pathlib import Path
from typing import Annotated, Literal, get_args, get_origin
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from graph_service.errors import ConfigError

ENV_PREFIX = "GRAPH_SERVICE_"

Backend = Literal["embedded", "falkordb", "neo4j"]
LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR"]
# automatic: any caller may register a query by sending it with its hash; registered: only
# queries registered beforehand run (docs/security.md#persisted-queries).
PersistedQueryMode = Literal["automatic", "registered"]

# Public-key signature algorithms a token may be signed with. "none" and the HMAC family
# (HS256...) are never accepted: HMAC would let anyone holding the verification key mint tokens.
TOKEN_ALGORITHMS = (
    "RS256",
    "RS384",
    "RS512",
    "PS256",
    "PS384",
    "PS512",
    "ES256",
    "ES384",
    "ES512",
    "EdDSA",
)


# Where the provider sends the browser back to after a workbench sign-in.
OIDC_CALLBACK_PATH = "/workbench/signin/callback"
_LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "[::1]")


class Settings(BaseSettings):
    """Everything the service can be told from outside."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX,
        env_file=".env",
        env_file_encoding="utf-8",
        env_ignore_empty=True,
        extra="ignore",
        frozen=True,
    )

    backend: Backend = Field(
        default="embedded", description="Graph store: embedded, falkordb or neo4j."
    )
    data_dir: Path = Field(
        default=Path("data"), description="Where the embedded store keeps its files."
    )
    graph_name: str = Field(
        default="learning",
        pattern=r"^[A-Za-z][A-Za-z0-9_]{0,63}$",
        description="Graph (FalkorDB) the service reads and writes.",
    )
    falkordb_url: SecretStr | None = Field(
        default=None,
        description="FalkorDB server URL for the falkordb backend, e.g. redis://host:6379.",
    )
    neo4j_uri: str | None = Field(
        default=None,
        pattern=r"^(neo4j|neo4j\+s|neo4j\+ssc|bolt|bolt\+s|bolt\+ssc)://\S+$",
        description="Neo4j URI; neo4j:// routes across a cluster, bolt:// connects directly.",
    )
    neo4j_user: str = Field(default="neo4j", description="Neo4j user name.")
    neo4j_password: SecretStr | None = Field(default=None, description="Neo4j password.")
    neo4j_database: str = Field(
        default="neo4j", min_length=1, description="Neo4j database, always named explicitly."
    )
    query_timeout_ms: int = Field(
        default=30_000, ge=100, le=600_000, description="Longest a single statement may run."
    )
    request_timeout_ms: int = Field(
        default=30_000,
        ge=100,
        le=600_000,
        description="Longest a whole GraphQL request may run, every statement and resolver "
        "included; beyond it the request is stopped with REQUEST_TIMEOUT.",
    )
    host: str = Field(default="127.0.0.1", min_length=1, description="Address the API binds.")
    port: int = Field(default=8000, ge=1, le=65535, description="Port the API listens on.")
    public_url: str = Field(
        default="http://localhost:8000",
        description="The service's address as others reach it: entity IRIs are "
        "<public_url>/id/<kind>/<id>, in JSON-LD exports and at GET /id/... .",
    )
    log_level: LogLevel = Field(default="INFO", description="DEBUG, INFO, WARNING or ERROR.")
    allow_anonymous_read: bool = Field(
        default=False,
        description="Callers without credentials get the reader role (else they are refused).",
    )
    oidc_jwks_url: str | None = Field(
        default=None,
        pattern=r"^https://\S+$",
        description="HTTPS URL of the identity provider's JSON Web Key Set (fetched, cached).",
    )
    oidc_jwks_file: Path | None = Field(
        default=None, description="A JSON Web Key Set file, instead of oidc_jwks_url."
    )
    oidc_issuer: str | None = Field(
        default=None,
        min_length=1,
        description="The iss every token must carry; required with a JWKS.",
    )
    oidc_audience: str | None = Field(
        default=None,
        min_length=1,
        description="The aud every token must carry (this service); required with a JWKS.",
    )
    oidc_role_claim: str = Field(
        default="roles",
        pattern=r"^\S+$",
        description="Claim naming the caller's roles; a dotted path reads nested claims.",
    )
    oidc_algorithms: Annotated[tuple[str, ...], NoDecode] = Field(
        default=("RS256", "ES256"),
        description="Signature algorithms accepted, comma-separated; never none or HS*.",
    )
    oidc_leeway_seconds: int = Field(
        default=30, ge=0, le=300, description="Clock difference allowed on exp, nbf and iat."
    )
    oidc_authorization_url: str | None = Field(
        default=None,
        description="The provider's authorization endpoint; with the token URL and client id "
        "the workbench offers signing in with the provider.",
    )
    oidc_token_url: str | None = Field(
        default=None,
        description="The provider's token endpoint, where a sign-in's code is exchanged for "
        "its ID token.",
    )
    oidc_client_id: str | None = Field(
        default=None,
        min_length=1,
        description="The workbench's client id at the provider; the same as oidc_audience, "
        "since the ID token the workbench keeps is addressed to it.",
    )
    oidc_client_secret: SecretStr | None = Field(
        default=None,
        description="The client's secret when the provider registered it as confidential; "
        "none for a public client (PKCE alone).",
    )
    oidc_scopes: str = Field(
        default="openid",
        description="Scopes asked for at sign-in, space-separated; openid among them.",
    )
    oidc_redirect_url: str | None = Field(
        default=None,
        description="The redirect URI registered at the provider, ending "
        f"{OIDC_CALLBACK_PATH}; default: that path at the address the browser used.",
    )
    oidc_provider_name: str | None = Field(
        default=None,
        min_length=1,
        max_length=60,
        description="The provider's name on the sign-in button; default: its host name.",
    )

    max_body_bytes: int = Field(
        default=262_144,
        ge=1_024,
        le=104_857_600,
        description="Largest GraphQL request body accepted (bytes); larger ones get 413.",
    )
    rate_limit_per_minute: int = Field(
        default=600,
        ge=0,
        description="Requests each key, token subject or anonymous address may make per "
        "minute (bursts up to that many); 0 turns the limit off.",
    )
    rate_limit_storage_url: SecretStr | None = Field(
        default=None,
        description="Redis-protocol server (redis://, rediss:// or unix://) keeping the request "
        "budgets every process and replica shares. Default: the graph's own server (embedded "
        "or FalkorDB); required with Neo4j for budgets shared by several processes.",
    )
    failed_auth_per_minute: int = Field(
        default=10,
        ge=1,
        description="Failed authentications an address may make per minute before it is "
        "refused with 429 without its credentials being checked.",
    )
    cors_origins: Annotated[tuple[str, ...], NoDecode] = Field(
        default=(),
        description="Origins browsers may call the API from, comma-separated; none by default "
        "(no CORS headers at all).",
    )
    forwarded_allow_ips: str = Field(
        default="",
        description="Proxies trusted to give the caller's address (X-Forwarded-For), "
        "comma-separated addresses or networks; the per-address limits see that address. "
        "None by default: any local process could otherwise claim a new address per request.",
    )
    key_cache_seconds: float = Field(
        default=5.0,
        ge=0,
        le=60,
        description="How long an API key this process verified is trusted without reading it "
        "from the store again (seconds). A key revoked through this process is refused at "
        "once; one revoked by another process (the command line, another worker) still works "
        "here for this long at most. 0 reads the key on every request.",
    )
    reference_cache_seconds: float = Field(
        default=30.0,
        ge=0,
        le=3_600,
        description="How long this process keeps the reference taxonomies it has read "
        "(seconds). A reference load in this process shows at once; one by another process "
        "(the command line) shows after this long at most. 0 reads them for every request.",
    )
    compose_reads: bool = Field(
        default=True,
        description="Read the relationships a root field selects in one statement composed "
        "from their own; false runs one statement per relationship field.",
    )
    persisted_queries: PersistedQueryMode = Field(
        default="automatic",
        description="automatic: callers may run queries as sent and register them by hash "
        "(Apollo's automatic persisted queries); registered: only queries registered "
        "beforehand run (`graph-service queries register`, or an admin sending one with its "
        "hash), any other is refused with PERSISTED_QUERY_REQUIRED.",
    )
    graphiql: bool = Field(default=True, description="Serve the GraphiQL page at /graphql.")
    introspection: bool = Field(
        default=True, description="Answer schema introspection queries (__schema, __type)."
    )

    @field_validator("cors_origins", "oidc_algorithms", mode="before")
    @classmethod
    def _list_from_text(cls, value: object) -> object:
        """A comma-separated variable becomes a tuple of its non-empty parts."""
        if isinstance(value, str):
            return tuple(part.strip() for part in value.split(",") if part.strip())
        return value

    @field_validator("cors_origins")
    @classmethod
    def _origins_are_origins(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for origin in value:
            if origin == "*":
                raise ValueError(
                    "'*' would let any web page read answers with its visitors' credentials; "
                    "list the origins, e.g. https://analysis.example.org"
                )
            if not re.fullmatch(r"https?://[A-Za-z0-9.\-]+(:\d{1,5})?", origin):
                raise ValueError(
                    f"{origin!r} is not an origin; write scheme://host[:port], no path"
                )
        return value

    @field_validator("public_url")
    @classmethod
    def _public_url_is_a_base(cls, value: str) -> str:
        """IRIs are this address followed by a path: no query, fragment or trailing slash."""
        parts = urlsplit(value)
        if (
            parts.scheme not in ("http", "https")
            or not parts.hostname
            or "?" in value
            or "#" in value
            or re.search(r"\s", value)
        ):
            raise ValueError(
                "use an http:// or https:// URL without a ?query or #fragment, "
                "e.g. https://graph.example.org"
            )
        return value.rstrip("/")

    @field_validator("rate_limit_storage_url")
    @classmethod
    def _storage_is_redis_protocol(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None:
            return value
        from redis import ConnectionPool  # noqa: PLC0415  (only when the URL is set)

        url = value.get_secret_value()
        try:
            if not re.match(r"^(redis|rediss|unix)://\S+$", url):
                raise ValueError(url)
            ConnectionPool.from_url(url)  # parses only: connections open on first use
        except ValueError:
            raise ValueError(
                "use a redis://host:port, rediss://host:port or unix:///path URL"
            ) from None
        return value

    @field_validator("oidc_algorithms")
    @classmethod
    def _only_public_key_algorithms(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if not value:
            raise ValueError("name at least one algorithm, e.g. RS256")
        refused = [name for name in value if name not in TOKEN_ALGORITHMS]
        if refused:
            raise ValueError(
                f"{', '.join(refused)} not accepted; allowed values are "
                + ", ".join(TOKEN_ALGORITHMS)
                + " (never none or HS*)"
            )
        return tuple(dict.fromkeys(value))

    @field_validator("oidc_authorization_url", "oidc_token_url", "oidc_redirect_url")
    @classmethod
    def _https_or_this_machine(cls, value: str | None) -> str | None:
        """The sign-in's code and tokens travel these addresses: plain HTTP would expose them
        to the network, so it is accepted only for a provider on this machine."""
        if value is None:
            return value
        parts = urlsplit(value)
        local = parts.scheme == "http" and (parts.hostname or "") in (
            host.strip("[]") for host in _LOOPBACK_HOSTS
        )
        if not (parts.scheme == "https" or local) or not parts.netloc or parts.fragment:
            raise ValueError(
                "use an https:// URL without a #fragment (http:// only on this machine: "
                + ", ".join(_LOOPBACK_HOSTS)
                + ")"
            )
        return value

    @field_validator("oidc_redirect_url")
    @classmethod
    def _redirect_reaches_the_callback(cls, value: str | None) -> str | None:
        if value is not None and (
            urlsplit(value).path != OIDC_CALLBACK_PATH or urlsplit(value).query
        ):
            raise ValueError(
                f"the redirect URI must be the service's address followed by "
                f"{OIDC_CALLBACK_PATH}, e.g. https://graph.example.org{OIDC_CALLBACK_PATH}"
            )
        return value

    @field_validator("oidc_scopes")
    @classmethod
    def _scopes_ask_for_openid(cls, value: str) -> str:
        scopes = value.split()
        if not all(re.fullmatch(r"[\x21\x23-\x5B\x5D-\x7E]+", scope) for scope in scopes):
            raise ValueError("name scopes separated by spaces, without quotes or backslashes")
        if "openid" not in scopes:
            raise ValueError(
                "include openid (the workbench signs in with the ID token it brings), "
                "e.g. 'openid profile'"
            )
        return " ".join(scopes)

    @model_validator(mode="after")
    def _no_credentials_in_the_neo4j_uri(self) -> "Settings":
        if self.neo4j_uri is not None and "@" in self.neo4j_uri.split("://", 1)[-1]:
            raise ValueError(
                f"{ENV_PREFIX}NEO4J_URI must not hold credentials; "
                f"set {ENV_PREFIX}NEO4J_USER and {ENV_PREFIX}NEO4J_PASSWORD instead"
            )
        return self

    @model_validator(mode="after")
    def _backend_needs_its_connection(self) -> "Settings":
        if self.backend == "falkordb" and self.falkordb_url is None:
            raise ValueError(
                f"{ENV_PREFIX}FALKORDB_URL is required when {ENV_PREFIX}BACKEND=falkordb"
            )
        if self.backend == "neo4j":
            if self.neo4j_uri is None:
                raise ValueError(
                    f"{ENV_PREFIX}NEO4J_URI is required when {ENV_PREFIX}BACKEND=neo4j"
                )
            if self.neo4j_password is None:
                raise ValueError(
                    f"{ENV_PREFIX}NEO4J_PASSWORD is required when {ENV_PREFIX}BACKEND=neo4j"
                )
        return self

    @model_validator(mode="after")
    def _oidc_is_complete(self) -> "Settings":
        url, file = f"{ENV_PREFIX}OIDC_JWKS_URL", f"{ENV_PREFIX}OIDC_JWKS_FILE"
        if self.oidc_jwks_url is not None and self.oidc_jwks_file is not None:
            raise ValueError(f"set {url} or {file}, not both")
        if self.oidc_enabled:
            for name in ("oidc_issuer", "oidc_audience"):
                if getattr(self, name) is None:
                    raise ValueError(
                        f"{ENV_PREFIX}{name.upper()} is required when {url} or {file} is set"
                    )
        else:
            for name in ("oidc_issuer", "oidc_audience"):
                if getattr(self, name) is not None:
                    raise ValueError(
                        f"{ENV_PREFIX}{name.upper()} is set but no key set is: set {url} or "
                        f"{file} so that tokens can be verified"
                    )
        return self

    @model_validator(mode="after")
    def _oidc_sign_in_is_complete(self) -> "Settings":
        needed = ("oidc_authorization_url", "oidc_token_url", "oidc_client_id")
        given = [name for name in needed if getattr(self, name) is not None]
        if not given:
            for name in ("oidc_client_secret", "oidc_redirect_url", "oidc_provider_name"):
                if getattr(self, name) is not None:
                    raise ValueError(
                        f"{_variable(name)} is set but the workbench's OpenID Connect sign-in "
                        f"is not: set {', '.join(_variable(each) for each in needed)} as well, "
                        f"or unset {_variable(name)}"
                    )
            return self
        missing = [name for name in needed if name not in given]
        if missing:
            raise ValueError(
                f"{' and '.join(_variable(name) for name in missing)} "
                f"{'is' if len(missing) == 1 else 'are'} required for the workbench's "
                f"OpenID Connect sign-in, since {_variable(given[0])} is set; set "
                f"{'it' if len(missing) == 1 else 'them'}, or unset {_variable(given[0])}"
            )
        if not self.oidc_enabled:
            raise ValueError(
                "the workbench's OpenID Connect sign-in needs token verification: set "
                f"{ENV_PREFIX}OIDC_JWKS_URL (or _FILE), {ENV_PREFIX}OIDC_ISSUER and "
                f"{ENV_PREFIX}OIDC_AUDIENCE"
            )
        if self.oidc_client_id != self.oidc_audience:
            raise ValueError(
                f"{ENV_PREFIX}OIDC_CLIENT_ID ({self.oidc_client_id!r}) must equal "
                f"{ENV_PREFIX}OIDC_AUDIENCE ({self.oidc_audience!r}): the workbench keeps the "
                "ID token, whose aud is the client id, and each page checks it against the "
                "audience"
            )
        return self

    @property
    def oidc_sign_in_enabled(self) -> bool:
        """Whether the workbench offers signing in with the OpenID Connect provider."""
        return self.oidc_authorization_url is not None

    @property
    def oidc_enabled(self) -> bool:
        """Whether bearer tokens from an OpenID Connect provider are accepted."""
        return self.oidc_jwks_url is not None or self.oidc_jwks_file is not None

    def describe(self) -> dict[str, str]:
        """The settings as text for logs and start-up banners, with secrets redacted."""
        shown: dict[str, str] = {}
        for name in type(self).model_fields:
            value = getattr(self, name)
            if isinstance(value, SecretStr):
                value = redact_url(value.get_secret_value()) if name.endswith("_url") else "***"
            elif isinstance(value, tuple):
                value = ",".join(value)
            shown[name] = "" if value is None else str(value)
        return shown


def _variable(field: str) -> str:
    return ENV_PREFIX + field.upper()


def redact_url(url: str) -> str:
    """``redis://user:secret@host:6379`` becomes ``redis://user:***@host:6379``.

    Works on the text, not a URL parser: a password holding ``#``, ``/`` or ``?`` confuses
    parsers, and must still never be shown.
    """
    scheme, separator, rest = url.partition("://")
    if not separator or "@" not in rest:
        return url
    credentials, _, host = rest.rpartition("@")
    user = credentials.split(":", 1)[0] if ":" in credentials else ""
    return f"{scheme}://{user}:***@{host}"


def load_settings(**overrides: object) -> Settings:
    """Read the settings once; any invalid value becomes one :class:`ConfigError` line."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        raise ConfigError(_first_problem(exc)) from None


def _first_problem(exc: ValidationError) -> str:
    error = exc.errors(include_url=False)[0]
    location = [str(part) for part in error["loc"]]
    if not location:  # a rule across fields; its message already names the variables
        return str(error["msg"]).removeprefix("Value error, ")
    field = location[0]
    variable = ENV_PREFIX + field.upper()
    given = error.get("input")
    if field.endswith(("password", "secret")):
        shown = "(hidden)"
    elif field.endswith(("_url", "_uri")) and isinstance(given, str):
        shown = repr(redact_url(given))
    else:
        shown = repr(given)
    allowed = _allowed_values(field)
    if field == "neo4j_uri" and error["type"] == "string_pattern_mismatch":
        allowed = "use a neo4j://, neo4j+s://, bolt:// or bolt+s:// URI"
    if field == "oidc_jwks_url" and error["type"] == "string_pattern_mismatch":
        allowed = "use an https:// URL (keys fetched over plain HTTP could be forged)"
    reason = allowed or str(error["msg"]).removeprefix("Value error, ")
    return f"{variable}={shown} is invalid: {reason}"


def _allowed_values(field: str) -> str:
    annotation = Settings.model_fields[field].annotation
    if get_origin(annotation) is Literal:
        return "allowed values are " + ", ".join(str(choice) for choice in get_args(annotation))
    return ""
