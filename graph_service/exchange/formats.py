"""The formats an export can take, by the name the command line and the HTTP endpoint use."""

from collections.abc import Callable
from dataclasses import dataclass

from graph_service.errors import InputError
from graph_service.exchange.archive import Members
from graph_service.exchange.dataset import Batches, ExportDescription, dataset_members
from graph_service.exchange.graphml import graphml_members
from graph_service.exchange.jsonld import jsonld_members
from graph_service.exchange.neo4j_csv import neo4j_csv_members


@dataclass(frozen=True)
class Format:
    name: str
    summary: str
    # Several files (a folder, or a zip over HTTP), or a single file of this media type.
    several_files: bool
    media_type: str
    suffix: str  # of the single file, or ".zip" for the archive
    members: Callable[[Batches, ExportDescription], Members]


FORMATS: dict[str, Format] = {
    format_.name: format_
    for format_ in (
        Format(
            "dataset",
            "the import format (JSON Lines), which `graph-service load` reads back",
            several_files=True,
            media_type="application/zip",
            suffix=".zip",
            members=dataset_members,
        ),
        Format(
            "graphml",
            "one GraphML file (Gephi, yEd, Cytoscape, networkx): entities and taxonomy codes as "
            "nodes, links as edges",
            several_files=False,
            media_type="application/graphml+xml",
            suffix=".graphml",
            members=graphml_members,
        ),
        Format(
            "neo4j-csv",
            "CSV files and arguments for `neo4j-admin database import full`",
            several_files=True,
            media_type="application/zip",
            suffix=".zip",
            members=neo4j_csv_members,
        ),
        Format(
            "jsonld",
            "one JSON-LD document, every entity named by its IRI (<public_url>/id/<kind>/<id>)",
            several_files=False,
            media_type="application/ld+json",
            suffix=".jsonld",
            members=jsonld_members,
        ),
    )
}


def format_named(name: str) -> Format:
    """The format called ``name``; an unknown name is an :class:`InputError` listing them."""
    try:
        return FORMATS[name]
    except KeyError:
        raise InputError(
            f"unknown export format {name!r}; use one of {', '.join(FORMATS)}"
        ) from None
