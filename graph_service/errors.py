"""The one error hierarchy of the service.

Every error the service raises on purpose derives from :class:`GraphServiceError` and carries
a message a user can act on, plus a stable ``code`` that the API exposes as
``extensions.code``.
"""


class GraphServiceError(Exception):
    """Base of every error the service raises on purpose."""

    code = "INTERNAL_SERVER_ERROR"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ConfigError(GraphServiceError):
    """A setting is missing or invalid; the service cannot start."""

    code = "CONFIGURATION_ERROR"


class CatalogueError(GraphServiceError):
    """The Cypher statement catalogue is incomplete or unreadable."""

    code = "CATALOGUE_ERROR"


class StoreError(GraphServiceError):
    """The graph store failed to run a statement."""

    code = "STORE_ERROR"


class StoreUnavailableError(StoreError):
    """The graph store cannot be reached (stopped, restarting or unreachable)."""

    code = "STORE_UNAVAILABLE"


class StoreQueryError(StoreError):
    """The store rejected a statement (a defect in a statement or its parameters)."""

    code = "STORE_QUERY_ERROR"


class ConstraintViolationError(StoreQueryError):
    """A write would break a uniqueness constraint: another node already holds that key.

    Every adapter raises this for its engine's own form of the error, so the layers above
    can tell a clash of keys from any other failure without knowing the backend."""


class ParameterError(StoreError):
    """A statement parameter has a value the store cannot carry safely."""

    code = "STORE_QUERY_ERROR"


class SchemaError(StoreError):
    """Constraints or indexes could not be created."""

    code = "SCHEMA_ERROR"


class GraphNotInitialisedError(GraphServiceError):
    """The graph has no reference data yet: it was never initialised (``db init``)."""

    code = "GRAPH_NOT_INITIALISED"


class DatasetError(GraphServiceError):
    """A dataset cannot be read at all (missing, not a folder or zip, unreadable)."""

    code = "BAD_DATASET"


class ReferenceDataError(GraphServiceError):
    """A reference taxonomy file is missing or malformed."""

    code = "REFERENCE_DATA_ERROR"


class GeneratorDataError(GraphServiceError):
    """A data file of the synthetic-data generator is missing or malformed."""

    code = "GENERATOR_DATA_ERROR"


class IdentityProviderUnavailableError(GraphServiceError):
    """The identity provider's signing keys cannot be fetched, so no token can be checked."""

    code = "IDENTITY_PROVIDER_UNAVAILABLE"


class InputError(GraphServiceError):
    """A request argument is invalid; the message names the argument and what would be valid."""

    code = "BAD_USER_INPUT"


class NotFoundError(GraphServiceError):
    """An id or code given as an argument names nothing the caller may see."""

    code = "NOT_FOUND"


class QueryCostError(GraphServiceError):
    """A query would do more work than the service allows for one request."""

    code = "QUERY_TOO_COSTLY"


class RequestTimeoutError(GraphServiceError):
    """A request ran longer than the service allows for one request, and was stopped."""

    code = "REQUEST_TIMEOUT"


class MalformedRequestError(GraphServiceError):
    """The HTTP request is not a GraphQL request the service accepts (body, type, method)."""

    code = "BAD_REQUEST"


class AuthenticationError(GraphServiceError):
    """The caller's credential is missing, malformed, unknown, revoked or expired.

    The message says what is wrong and how to put it right, and never repeats the credential.
    """

    code = "UNAUTHENTICATED"


class PermissionDeniedError(GraphServiceError):
    """The caller is authenticated but their role does not allow what they asked for."""

    code = "FORBIDDEN"


class FiguresRefreshingError(GraphServiceError):
    """Figures derived for readers are being recomputed after material stopped being visible.

    Until the derivation that follows such a change finishes, readers get this instead of
    figures that might still count what they may no longer see.
    """

    code = "FIGURES_REFRESHING"


class WriterBusyError(StoreError):
    """Another load, refresh or reference load is writing to the graph; the message names it."""

    code = "WRITER_BUSY"


class WriterLostError(StoreError):
    """A writer's lease ran out (it could not renew it in time) and another writer took over."""

    code = "WRITER_LOST"


class PageQueryError(GraphServiceError):
    """A workbench page asked the API something it refused (a code that does not exist, a bad
    filter), or the API could not answer; the message is the API's, shown on the page with
    ``status``: 400 for the viewer's mistake, 503, 504 or 500 for the service's."""

    code = "BAD_USER_INPUT"

    def __init__(self, message: str, *, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


class PersistedQueryMismatchError(MalformedRequestError):
    """A persisted query's text does not have the SHA-256 hash sent with it."""

    code = "PERSISTED_QUERY_HASH_MISMATCH"


class PersistedQueryRequiredError(GraphServiceError):
    """The service runs only registered queries, and this query is not one of them."""

    code = "PERSISTED_QUERY_REQUIRED"


class PersistedQueryNotFoundError(GraphServiceError):
    """No query is registered under the hash a request names. The message is the one Apollo
    clients look for before they send the query again with its hash."""

    code = "PERSISTED_QUERY_NOT_FOUND"

    def __init__(self) -> None:
        super().__init__("PersistedQueryNotFound")
