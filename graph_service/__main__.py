"""``python -m graph_service`` is the ``graph-service`` command."""

from graph_service.cli import main

main()
