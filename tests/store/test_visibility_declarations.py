"""Every statement declares how it keeps restricted material from callers who may not see it,
and the catalogue refuses, when it loads, a declaration its text contradicts.

The table below is the whole catalogue by declaration: a new statement, or a changed
declaration, changes this table in the same change, where a reviewer sees it.
"""

from pathlib import Path

import pytest

from graph_service.errors import CatalogueError
from graph_service.repository import (
    AnalyticsRepository,
    EntityRepository,
    ExplorationRepository,
    ReviewSystemRepository,
)
from graph_service.store.catalogue import DIALECTS, StatementCatalogue

DECLARED: dict[str, tuple[str, ...]] = {
    "public": (
        "analytics/open_figures_state",
        "entities/agencies",
        "entities/agencies_by_id",
        "entities/agencies_count",
        "entities/briefing_issues",
        "entities/briefing_themes",
        "entities/briefings",
        "entities/briefings_by_id",
        "entities/briefings_count",
        "entities/change_briefings",
        "entities/change_outcomes",
        "entities/force_governance_records",
        "entities/governance_records",
        "entities/governance_records_by_id",
        "entities/governance_records_count",
        "entities/outcomes",
        "entities/outcomes_by_id",
        "entities/outcomes_count",
        "entities/partnerships_by_id",
        "entities/practice_changes_by_id",
        "entities/resource_issues",
        "entities/resource_themes",
        "entities/resources",
        "entities/resources_by_id",
        "entities/resources_count",
        "export/agencies",
        "export/agencies_ids",
        "export/briefings_ids",
        "export/governance",
        "export/governance_ids",
        "export/outcomes",
        "export/outcomes_ids",
        "export/practice_changes_ids",
        "export/resources",
        "export/resources_ids",
        "reference/agency_sectors",
        "reference/forces",
        "reference/imr_criteria",
        "reference/loaded",
        "reference/perennial_issues",
        "reference/review_types",
        "reference/strands",
        "reference/systems_factors",
        "reference/themes",
    ),
    "review": (
        "entities/briefing_findings",
        "entities/briefing_reviews",
        "entities/change_recommendations",
        "entities/finding_recommendations",
        "entities/findings",
        "entities/findings_by_id",
        "entities/findings_count",
        "entities/imr_assessments",
        "entities/imr_assessments_by_id",
        "entities/imr_assessments_count",
        "entities/recommendation_findings",
        "entities/recommendations",
        "entities/recommendations_by_id",
        "entities/recommendations_count",
        "entities/review_findings",
        "entities/review_imr_assessments",
        "entities/review_recommendations",
        "entities/review_related",
        "entities/reviews_by_id",
        "exploration/review_learning",
        "exploration/search",
        "exploration/search_count",
        "export/briefings",
        "export/findings",
        "export/findings_ids",
        "export/imr_assessments",
        "export/imr_assessments_ids",
        "export/practice_changes",
        "export/recommendations",
        "export/recommendations_ids",
        "export/reviews",
        "export/reviews_ids",
        "review_system/force_overview",
    ),
    "derived": (
        "analytics/changes_without_outcome",
        "analytics/issue_co_occurrence",
        "analytics/issue_pathway",
        "analytics/learning_gaps",
        "analytics/open_recommendations",
        "analytics/recurrence_tallies",
        "analytics/recurring_perennial_issues",
        "analytics/recurring_strands",
        "analytics/recurring_systems_factors",
        "analytics/recurring_themes",
        "analytics/repeated_recommendations",
        "entities/group_members",
        "exploration/related_reviews",
        "exploration/related_reviews_count",
        "review_system/imr_quality",
    ),
    "derived if $issues": (
        "entities/practice_changes",
        "entities/practice_changes_count",
    ),
    "derived if $issues, $themes, $factors": (
        "entities/reviews",
        "entities/reviews_count",
    ),
    "parent": (
        "entities/finding_agencies",
        "entities/finding_briefings",
        "entities/finding_factors",
        "entities/finding_issues",
        "entities/finding_themes",
        "entities/imr_scores",
        "entities/recommendation_agencies",
        "entities/recommendation_changes",
        "entities/review_agencies",
        "entities/review_briefings",
        "entities/review_forces",
        "entities/review_partnerships",
        "entities/review_strands",
    ),
    "role": (
        "entities/load_runs",
        "entities/load_runs_by_id",
        "entities/load_runs_count",
        "audit/append_event",
        "audit/events",
        "audit/events_count",
        "keys/create_key",
        "keys/key_by_id",
        "keys/keys",
        "keys/revoke_key",
        "persisted_queries/by_hash",
        "persisted_queries/queries",
        "persisted_queries/register",
    ),
    "internal": (
        "derived/clear_recommendation_groups",
        "derived/co_occurrence",
        "derived/code_space",
        "derived/code_vectors_begin",
        "derived/code_vectors_done",
        "derived/create_recommendation_groups",
        "derived/findings",
        "derived/imr_tallies",
        "derived/issue_summaries",
        "derived/open_figures_current",
        "derived/open_figures_version",
        "derived/open_loops",
        "derived/pathway_stages",
        "derived/practice_change_ids",
        "derived/practice_changes",
        "derived/recommendation_texts",
        "derived/recommendations",
        "derived/recurrence_perennial_issues",
        "derived/recurrence_strands",
        "derived/recurrence_systems_factors",
        "derived/recurrence_themes",
        "derived/replace_pathway_tallies",
        "derived/replace_recurrence_tallies",
        "derived/review_code_masks",
        "derived/review_code_vectors",
        "derived/review_factors",
        "derived/review_ids",
        "derived/review_issue_counts",
        "derived/review_raised_codes",
        "derived/review_themes",
        "derived/reviews",
        "derived/switch_recommendation_groups",
        "dataset/addressing_recommendations",
        "dataset/existing_agencies",
        "dataset/existing_briefings",
        "dataset/existing_findings",
        "dataset/existing_governance",
        "dataset/existing_imr_assessments",
        "dataset/existing_outcomes",
        "dataset/existing_practice_changes",
        "dataset/existing_recommendations",
        "dataset/existing_resources",
        "dataset/existing_reviews",
        "dataset/finish_run",
        "dataset/link_briefing_findings",
        "dataset/link_briefing_issues",
        "dataset/link_briefing_reviews",
        "dataset/link_briefing_themes",
        "dataset/link_change_agencies",
        "dataset/link_change_briefings",
        "dataset/link_change_recommendations",
        "dataset/link_finding_agencies",
        "dataset/link_finding_factors",
        "dataset/link_finding_issues",
        "dataset/link_finding_reviews",
        "dataset/link_finding_themes",
        "dataset/link_governance_forces",
        "dataset/link_imr_agencies",
        "dataset/link_imr_reviews",
        "dataset/link_imr_scores",
        "dataset/link_outcome_changes",
        "dataset/link_recommendation_agencies",
        "dataset/link_recommendation_findings",
        "dataset/link_recommendation_reviews",
        "dataset/link_resource_forces",
        "dataset/link_resource_issues",
        "dataset/link_resource_themes",
        "dataset/link_review_agencies",
        "dataset/link_review_forces",
        "dataset/link_review_partnerships",
        "dataset/link_review_related",
        "dataset/link_review_strands",
        "dataset/link_review_types",
        "dataset/mark_runs_interrupted",
        "dataset/remove_tombstones",
        "dataset/retire_agencies",
        "dataset/retire_briefings",
        "dataset/retire_findings",
        "dataset/retire_governance",
        "dataset/retire_imr_assessments",
        "dataset/retire_outcomes",
        "dataset/retire_practice_changes",
        "dataset/retire_recommendations",
        "dataset/retire_resources",
        "dataset/retire_reviews",
        "dataset/retirement_dependents",
        "dataset/start_run",
        "dataset/taxonomy_codes",
        "dataset/tombstones",
        "dataset/touch_moved_visibility_links",
        "dataset/unfinished_runs",
        "dataset/upsert_agencies",
        "dataset/upsert_briefings",
        "dataset/upsert_findings",
        "dataset/upsert_governance",
        "dataset/upsert_imr_assessments",
        "dataset/upsert_outcomes",
        "dataset/upsert_partnerships",
        "dataset/upsert_practice_changes",
        "dataset/upsert_recommendations",
        "dataset/upsert_resources",
        "dataset/upsert_reviews",
        "reference/move_agency_sectors_sector",
        "reference/move_imr_criteria_scored",
        "reference/move_perennial_issues_disseminates",
        "reference/move_perennial_issues_exemplifies",
        "reference/move_perennial_issues_helps_with",
        "reference/move_review_types_of_type",
        "reference/move_strands_concerns",
        "reference/move_systems_factors_shaped_by",
        "reference/move_themes_about_theme",
        "reference/move_themes_disseminates",
        "reference/move_themes_helps_with",
        "reference/move_themes_under_theme",
        "reference/retire_agency_sectors",
        "reference/retire_imr_criteria",
        "reference/retire_perennial_issues",
        "reference/retire_review_types",
        "reference/retire_strands",
        "reference/retire_systems_factors",
        "reference/retire_themes",
        "reference/upsert_agency_sectors",
        "reference/upsert_forces",
        "reference/upsert_imr_criteria",
        "reference/upsert_perennial_issues",
        "reference/upsert_review_types",
        "reference/upsert_strands",
        "reference/upsert_systems_factors",
        "reference/upsert_themes",
        "writer/claim",
        "writer/release",
        "writer/renew",
    ),
}


def test_every_statement_declares_its_visibility_as_listed() -> None:
    listed = {name: mode for mode, names in DECLARED.items() for name in names}
    found: dict[str, str] = {}
    for dialect in DIALECTS:
        for statement in StatementCatalogue.load(dialect):
            mode = statement.visibility
            if statement.derived_when:
                mode += " if " + ", ".join(f"${name}" for name in statement.derived_when)
            # A dialect's override keeps the declaration of the statement it replaces.
            assert found.setdefault(statement.name, mode) == mode, statement.path
    assert found == listed


def test_repositories_that_serve_callers_run_no_internal_statement() -> None:
    catalogue = StatementCatalogue.load("falkordb")
    serving = (AnalyticsRepository, EntityRepository, ExplorationRepository, ReviewSystemRepository)
    internal = {
        name
        for repository in serving
        for name in repository.statements
        if catalogue.get(name).visibility == "internal"
    }
    assert internal == set()


HEADER = (
    "// Answers something.\n// Parameters: {parameters}\n// Columns: x\n// Visibility: {mode}\n"
)


@pytest.mark.parametrize(
    ("name", "parameters", "mode", "body", "problem"),
    [
        ("entities/q", "none", "everyone", "RETURN 1 AS x", "is not one of"),
        ("entities/q", "none", "public", "MATCH (r:Review) RETURN r.id AS x", "reads Review"),
        (
            "entities/q",
            "none",
            "public",
            "MATCH (a)-[p:CO_OCCURS]->(b) RETURN p.reviews AS x",
            "reads CO_OCCURS",
        ),
        (
            "entities/q",
            "$includeRestricted",
            "review",
            "MATCH (i:PerennialIssue) WHERE $includeRestricted RETURN i.openReviews AS x",
            "declare 'derived' and guard on DerivedState",
        ),
        (
            "entities/q",
            "none",
            "review",
            "MATCH (f:Finding) RETURN f.id AS x",
            "filters on neither",
        ),
        (
            "analytics/q",
            "$includeRestricted",
            "derived",
            "MATCH (t:RecurrenceTally) WHERE $includeRestricted RETURN t.reviews AS x",
            "DerivedState",
        ),
        (
            "entities/q",
            "$includeRestricted",
            "derived if $issues",
            "MATCH (s:DerivedState) WHERE $includeRestricted RETURN s.stale AS x",
            "$issues is not one of its parameters",
        ),
        (
            "entities/q",
            "none",
            "internal",
            "MATCH (r:Review) RETURN r.id AS x",
            "may be 'internal'",
        ),
        (
            "reference/q",
            "none",
            "internal",
            "MATCH (t:Theme) RETURN t.code AS x",
            "reads of reference data serve callers",
        ),
        (
            "entities/q",
            "none",
            "public",
            "MATCH (t:Theme)<-[:ABOUT_THEME]-(f) RETURN f.text AS x",
            "reads ABOUT_THEME",
        ),
        (
            "entities/q",
            "$includeRestricted",
            "review",
            "MATCH (r:Review)-[:IDENTIFIES]->(f:Finding) WHERE $includeRestricted "
            "OR r.restricted = false RETURN f.text AS x",
            "f (Finding) is read without testing f.restricted",
        ),
        (
            "entities/q",
            "$includeRestricted",
            "review",
            "MATCH (r:Review)-[:RAISES]->(i) WHERE $includeRestricted OR r.restricted = false "
            "RETURN i.code AS x",
            "it reads RAISES",
        ),
        (
            "entities/q",
            "$includeRestricted",
            "review",
            "MATCH (r:Review) WHERE $includeRestricted OR r.restricted = false "
            "RETURN r.issueCodes AS x",
            "it reads r.issueCodes",
        ),
        (
            "analytics/q",
            "$includeRestricted",
            "derived",
            "OPTIONAL MATCH (figures:DerivedState {id: 'open'}) WITH figures "
            "WHERE $includeRestricted OR coalesce(figures.stale, false) = false "
            "MATCH (t:RecurrenceTally) RETURN t.reviews AS x\nUNION ALL\n"
            "MATCH (t:RecurrenceTally) WHERE $includeRestricted RETURN t.openReviews AS x",
            "a part of it reads figures without the guard",
        ),
        (
            "entities/q",
            "$ids",
            "parent",
            "UNWIND $ids AS id MATCH (:Review {id: id})-->(x:Finding) RETURN x.id AS x",
            "declared 'parent'",
        ),
    ],
)
def test_a_declaration_the_statement_contradicts_is_refused(
    tmp_path: Path, name: str, parameters: str, mode: str, body: str, problem: str
) -> None:
    path = tmp_path / f"{name}.cypher"
    path.parent.mkdir(parents=True)
    path.write_text(HEADER.format(parameters=parameters, mode=mode) + body + "\n")
    with pytest.raises(CatalogueError) as refused:
        StatementCatalogue.load("falkordb", tmp_path)
    assert str(path) in refused.value.message
    assert problem in refused.value.message
