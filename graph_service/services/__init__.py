"""Use cases with rules of their own, called alike by the command line and the GraphQL API.

Each one records itself in the audit log with who did it (``Actor``), so a key issued, a
dataset loaded or the derived data refreshed is audited whichever way it was started.
"""

from graph_service.services.audited import Actor, AuditEntry, audited
from graph_service.services.keys import KeyService
from graph_service.services.loading import LoadService

__all__ = ["Actor", "AuditEntry", "KeyService", "LoadService", "audited"]
