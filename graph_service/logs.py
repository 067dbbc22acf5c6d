"""Log set-up for every entry point, configured once from the settings."""

import logging

from graph_service.config import Settings


def configure_logging(settings: Settings) -> None:
    logging.basicConfig(
        level=settings.log_level,
        format="%(asctime)s %(levelname)-7s %(name)s: %(message)s",
    )
    # The Neo4j driver logs every message it exchanges at DEBUG; that is noise even when
    # debugging the service, so it never goes below INFO.
    neo4j_level = max(logging.INFO, logging.getLevelNamesMapping()[settings.log_level])
    logging.getLogger("neo4j").setLevel(neo4j_level)
