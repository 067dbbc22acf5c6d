"""Derived data: what loads maintain so that analytical queries read little.

Everything here is recomputed from the facts in the graph, for the whole graph, by
:meth:`DerivedRepository.refresh`: per-review and per-change data in batches, then the global
tallies. Every statement replaces what it derives, so running a refresh again (after an
interruption, say) repairs rather than duplicates. docs/analytics.md lists what is derived.
"""

import hashlib
import json
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from graph_service.domain import analytics
from graph_service.store import GraphStore

BATCH_SIZE = 1_000
# Deriving reads and rewrites the whole graph: its statements may run far longer than the
# limit that protects the API (tens of seconds each at 50,000 reviews on a busy machine).
DERIVATION_TIMEOUT_MS = 3_600_000

# (step, statement run over batches of review ids), in dependency order.
PER_REVIEW = (
    ("reviews", "derived/reviews"),
    ("review themes", "derived/review_themes"),
    ("review systems factors", "derived/review_factors"),
    ("review raised codes", "derived/review_raised_codes"),
    ("findings", "derived/findings"),
)
# Global steps, each one statement without parameters, after the per-item ones.
GLOBAL = (
    ("review issue counts", "derived/review_issue_counts"),
    ("co-occurrence", "derived/co_occurrence"),
    ("issue summaries", "derived/issue_summaries"),
    ("IMR tallies", "derived/imr_tallies"),
)

# Dimensions of the recurrence tallies, each counted by derived/recurrence_<dimension>.
RECURRENCE_DIMENSIONS = ("perennial_issues", "themes", "strands", "systems_factors")

# (step, seconds it took): called after every step.
StepCallback = Callable[[str, float], None]


@dataclass
class Derivation:
    """What a refresh did: seconds per step, in order."""

    steps: dict[str, float] = field(default_factory=dict)

    @property
    def seconds(self) -> float:
        return sum(self.steps.values())


class DerivedRepository:
    statements: ClassVar[frozenset[str]] = frozenset(
        {
            "derived/review_ids",
            "derived/practice_change_ids",
            "derived/practice_changes",
            "derived/recommendations",
            "derived/pathway_stages",
            "derived/open_loops",
            "derived/recommendation_texts",
            "derived/clear_recommendation_groups",
            "derived/create_recommendation_groups",
            "derived/switch_recommendation_groups",
            "derived/replace_pathway_tallies",
            "derived/replace_recurrence_tallies",
            "derived/open_figures_version",
            "derived/open_figures_current",
            *(f"derived/recurrence_{dimension}" for dimension in RECURRENCE_DIMENSIONS),
            *(name for _, name in PER_REVIEW + GLOBAL),
        }
    )

    def __init__(self, store: GraphStore) -> None:
        store.catalogue.require(self.statements)
        self._store = store.with_timeout(DERIVATION_TIMEOUT_MS)

    async def refresh(
        self, on_step: StepCallback | None = None, *, wait_s: float = 0.0
    ) -> Derivation:
        """Recompute every derived fact from the graph as it is now, as the graph's one writer
        (a load or reference load that refreshes already is); see :meth:`GraphStore.writer`."""
        async with self._store.writer("refresh of the derived data", wait_s=wait_s):
            return await self._recompute(on_step)

    async def _recompute(self, on_step: StepCallback | None) -> Derivation:
        done = Derivation()
        # Writes that hide material mark readers' figures stale and count up this version;
        # they are current again only if nothing was hidden while this derivation ran.
        version = (await self._store.read("derived/open_figures_version"))[0]["version"]

        def finished(step: str, started: float) -> None:
            done.steps[step] = time.perf_counter() - started
            if on_step is not None:
                on_step(step, done.steps[step])

        reviews = [row["id"] for row in await self._store.read("derived/review_ids")]
        changes = [row["id"] for row in await self._store.read("derived/practice_change_ids")]
        # Begun before raised codes change, so that related reviews rank exactly meanwhile.
        finish_related_review_index = await self._store.begin_related_review_index_rebuild()
        for step, statement in PER_REVIEW:
            started = time.perf_counter()
            await self._in_batches(statement, reviews)
            finished(step, started)
        started = time.perf_counter()
        await finish_related_review_index(reviews)
        finished("related-review index", started)
        # Recommendations read their changes' statuses; changes then read their TARGETS.
        started = time.perf_counter()
        await self._in_batches("derived/recommendations", reviews)
        finished("recommendations", started)
        started = time.perf_counter()
        await self._in_batches("derived/practice_changes", changes)
        finished("practice changes", started)
        for step, statement in GLOBAL:
            started = time.perf_counter()
            await self._store.write(statement)
            finished(step, started)
        for dimension in RECURRENCE_DIMENSIONS:
            started = time.perf_counter()
            cells = await self._store.read(f"derived/recurrence_{dimension}")
            await self._store.write(
                "derived/replace_recurrence_tallies",
                {"dimension": dimension, "tallies": analytics.recurrence_tallies(cells)},
            )
            finished(f"recurrence: {dimension.replace('_', ' ')}", started)
        started = time.perf_counter()
        stage_rows = await self._store.read("derived/pathway_stages")
        loop_rows = await self._store.read("derived/open_loops")
        tallies = analytics.pathway_tallies(stage_rows, loop_rows)
        await self._store.write("derived/replace_pathway_tallies", {"tallies": tallies})
        finished("issue pathways", started)
        started = time.perf_counter()
        await self._refresh_groups()
        finished("recommendation groups", started)
        await self._store.write("derived/open_figures_current", {"version": version})
        return done

    async def _refresh_groups(self) -> None:
        """Groups near-identical recommendations anew (in Python: an exact similarity join).

        The new groups are built beside the current ones and replace them in one write, so
        that repeatedRecommendations never answers from a set half built.
        """
        texts = await self._store.read("derived/recommendation_texts")
        groups = analytics.recommendation_groups(texts)
        [left] = await self._store.write("derived/clear_recommendation_groups")
        # Named by their content: groups equal to the current ones are not written again, so
        # deriving twice from the same facts changes nothing.
        content = json.dumps(groups, sort_keys=True).encode()
        generation = hashlib.sha256(content).hexdigest()[:16]
        if generation == left["current"]:
            return

        def batches() -> Iterator[tuple[str, dict[str, Any]]]:
            for start in range(0, len(groups), BATCH_SIZE):
                yield (
                    "derived/create_recommendation_groups",
                    {"groups": groups[start : start + BATCH_SIZE], "generation": generation},
                )

        async for _ in self._store.write_each(batches()):
            pass
        await self._store.write("derived/switch_recommendation_groups", {"generation": generation})

    async def _in_batches(self, statement: str, ids: Sequence[str], **shared: Any) -> None:
        def batches() -> Iterator[tuple[str, dict[str, Any]]]:
            for start in range(0, len(ids), BATCH_SIZE):
                yield statement, {"ids": list(ids[start : start + BATCH_SIZE]), **shared}

        async for _ in self._store.write_each(batches()):
            pass
