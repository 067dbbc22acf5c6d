"""Per-request GraphQL context: the repositories and this request's DataLoaders."""

from collections.abc import Sequence

from strawberry.dataloader import DataLoader
from strawberry.fastapi import BaseContext

from graph_service.api.services import Services
from graph_service.domain.reference import Theme


class Context(BaseContext):
    """Created for each request, so loader caches never outlive it."""

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services
        self.theme_by_code = DataLoader[str, Theme | None](self._load_themes)

    async def _load_themes(self, codes: Sequence[str]) -> list[Theme | None]:
        found = await self.services.reference.themes_by_code(codes)
        return [found.get(code) for code in codes]
