"""The resolver ``info`` type, typed with this service's context."""

from typing import Any

from strawberry.types import Info as StrawberryInfo

from graph_service.api.context import Context

Info = StrawberryInfo[Context, Any]
