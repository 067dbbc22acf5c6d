"""What a request does not read again: the key it was just let in with, and the reference
taxonomies, are kept by the API process for a few seconds (GRAPH_SERVICE_KEY_CACHE_SECONDS,
GRAPH_SERVICE_REFERENCE_CACHE_SECONDS); a reference load in the process empties the cache."""

import asyncio
import shutil
import time
from pathlib import Path
from typing import Any

import yaml

from bench.queries import REVIEW_DETAIL  # the review page bench/api.py measures
from graph_service.config import Settings
from graph_service.domain.access import Role
from graph_service.loaders.reference import REFERENCE_DIR, load_reference, read_reference
from graph_service.repository import ReferenceRepository
from graph_service.services import Actor, LoadService
from graph_service.store import GraphStore
from tests.api.conftest import as_list, graphql, read_rows, signed_in
from tests.recording import recorded

KEY_CHECK = "keys/key_by_id"
REFERENCE_READS = {
    "reference/review_types",
    "reference/forces",
    "reference/themes",
    "reference/perennial_issues",
}
THEMES = "{ themes { code name } }"
FILTERED = (
    "query ($themes: [String!]) { findings(first: 1, filter: {themes: $themes}) { totalCount } }"
)


def _review_with_outcomes(folder: Path) -> str:
    """A review whose recommendations led to changes with outcomes: every field of the query
    has something to read."""
    changes = {row["change_id"] for row in read_rows(folder, "outcomes")}
    implemented = {
        rec
        for row in read_rows(folder, "practice_changes")
        if row["change_id"] in changes
        for rec in as_list(row["implements"])
    }
    found: set[str] = {
        row["review_id"]
        for row in read_rows(folder, "recommendations")
        if row["recommendation_id"] in implemented
    }
    assert found, "the generated dataset should have a review with outcomes"
    return min(found)


async def _recorded(client: Any, store: GraphStore, query: str, **variables: Any) -> list[str]:
    with recorded(store) as names:
        body = await graphql(client, query, variables)
    assert "errors" not in body, body
    return names


async def test_a_second_review_page_skips_the_key_check_and_the_reference_reads(
    loaded_store: GraphStore, generated_dataset: Path
) -> None:
    review = _review_with_outcomes(generated_dataset)
    async with signed_in(loaded_store, Role.ANALYST) as client:
        with recorded(loaded_store) as first:
            first_body = await graphql(client, REVIEW_DETAIL, {"id": review})
        with recorded(loaded_store) as second:
            second_body = await graphql(client, REVIEW_DETAIL, {"id": review})

    assert second_body == first_body
    assert first_body["data"]["review"]["recommendations"]
    assert first.count(KEY_CHECK) == 1
    assert set(first) >= REFERENCE_READS
    # The entity statements run again, and only they.
    entities = [name for name in first if name != KEY_CHECK and name not in REFERENCE_READS]
    assert sorted(second) == sorted(entities)
    assert len(first) == 6  # the key, four taxonomies and one composed statement
    assert len(second) == 1


async def test_a_code_argument_is_checked_against_the_kept_codes(
    reference_store: GraphStore,
) -> None:
    async with signed_in(reference_store, Role.READER) as client:
        first = await _recorded(client, reference_store, FILTERED, themes=["RISK"])
        second = await _recorded(client, reference_store, FILTERED, themes=["RISK"])
        unknown = await graphql(client, FILTERED, {"themes": ["NO_SUCH_THEME"]})
    assert "dataset/taxonomy_codes" in first
    assert "dataset/taxonomy_codes" not in second
    assert KEY_CHECK not in second
    [error] = unknown["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "unknown theme code 'NO_SUCH_THEME'" in error["message"]


async def test_with_both_caches_off_every_request_reads_the_key_and_the_reference(
    reference_store: GraphStore,
) -> None:
    off = Settings(key_cache_seconds=0, reference_cache_seconds=0)
    async with signed_in(reference_store, Role.READER, off) as client:
        runs = [
            await _recorded(client, reference_store, FILTERED, themes=["RISK"]) for _ in range(2)
        ]
        runs.append(await _recorded(client, reference_store, THEMES))
    assert [run.count(KEY_CHECK) for run in runs] == [1, 1, 1]
    assert [run.count("dataset/taxonomy_codes") for run in runs] == [1, 1, 0]
    assert "reference/themes" in runs[2]


def _renamed_theme(folder: Path, code: str, name: str, new_code: str) -> Path:
    """A copy of the shipped reference data in which theme ``code`` has a new name and a theme
    ``new_code`` is added."""
    shutil.copytree(REFERENCE_DIR, folder)
    path = folder / "themes.yaml"
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    [entry] = [e for e in document["entries"] if e["code"] == code]
    entry["name"] = name
    document["entries"].append({**entry, "code": new_code, "name": f"{name} (new)"})
    path.write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True), "utf-8")
    return folder


async def test_a_reference_load_in_this_process_shows_on_the_very_next_request(
    reference_store: GraphStore, tmp_path: Path
) -> None:
    folder = _renamed_theme(tmp_path / "reference", "RISK", "Risk, renamed", "CACHE_TEST")
    # An hour: only the load can have emptied the cache.
    kept = Settings(reference_cache_seconds=3_600)
    async with signed_in(reference_store, Role.READER, kept) as client:
        before = await graphql(client, THEMES)
        refused = await graphql(client, FILTERED, {"themes": ["CACHE_TEST"]})
        assert "reference/themes" not in await _recorded(client, reference_store, THEMES)
        await LoadService(reference_store, Actor.command_line()).load_reference(folder)
        after = await graphql(client, THEMES)
        accepted = await graphql(client, FILTERED, {"themes": ["CACHE_TEST"]})

    assert _theme_names(before)["RISK"] == "Identification and management of risk"
    assert "CACHE_TEST" not in _theme_names(before)
    assert refused["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert _theme_names(after)["RISK"] == "Risk, renamed"
    assert _theme_names(after)["CACHE_TEST"] == "Risk, renamed (new)"
    assert "errors" not in accepted, accepted
    assert accepted["data"]["findings"]["totalCount"] == 0


async def test_a_reference_load_by_another_process_shows_once_the_cache_expires(
    reference_store: GraphStore, tmp_path: Path
) -> None:
    """Written past LoadService, as another process would write it: this process sees it only
    once what it kept has expired, the documented bound."""
    folder = _renamed_theme(tmp_path / "reference", "RISK", "Risk, renamed", "CACHE_TEST")
    [themes] = [t for t in read_reference(folder) if t.name == "themes"]
    ttl = 2.0
    async with signed_in(reference_store, Role.READER, Settings(reference_cache_seconds=ttl)) as c:
        kept_from = time.monotonic()  # the themes are read, and kept, after this
        await graphql(c, THEMES)
        await ReferenceRepository(reference_store).upsert(
            "themes", themes.rows, version=themes.version
        )
        soon = await graphql(c, THEMES)
        within_ttl = time.monotonic() - kept_from < ttl
        await asyncio.sleep(ttl - (time.monotonic() - kept_from) + 0.1)
        later = await graphql(c, THEMES)

    if within_ttl:  # the machine was quick enough for the request to find the kept themes
        assert _theme_names(soon)["RISK"] == "Identification and management of risk"
    assert _theme_names(later)["RISK"] == "Risk, renamed"
    assert _theme_names(later)["CACHE_TEST"] == "Risk, renamed (new)"


def _theme_names(body: dict[str, Any]) -> dict[str, str]:
    return {theme["code"]: theme["name"] for theme in body["data"]["themes"]}


async def test_a_graph_without_reference_data_is_not_kept_as_one(store: GraphStore) -> None:
    """Serving before `db init`: the empty answer is not kept, so the taxonomies show as soon
    as another process loads them, however long the cache would keep them."""
    settings = Settings(reference_cache_seconds=3600)
    async with signed_in(store, Role.READER, settings) as client:
        before = await graphql(client, THEMES)
        await load_reference(ReferenceRepository(store))
        after = await graphql(client, THEMES)

    assert before["data"]["themes"] == []
    assert _theme_names(after)["RISK"] == "Identification and management of risk"
