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
        "api/agencies",
        "api/agencies_by_id",
        "api/agencies_count",
        "api/briefing_issues",
        "api/briefing_themes",
        "api/briefings",
        "api/briefings_by_id",
        "api/briefings_count",
        "api/change_briefings",
        "api/change_outcomes",
        "api/force_governance_records",
        "api/governance_records",
        "api/governance_records_by_id",
        "api/governance_records_count",
        "api/outcomes",
        "api/outcomes_by_id",
        "api/outcomes_count",
        "api/partnerships_by_id",
        "api/practice_changes_by_id",
        "api/resource_issues",
        "api/resource_themes",
        "api/resources",
        "api/resources_by_id",
        "api/resources_count",
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
        "api/briefing_findings",
        "api/briefing_reviews",
        "api/change_recommendations",
        "api/finding_recommendations",
        "api/findings",
        "api/findings_by_id",
        "api/findings_count",
        "api/imr_assessments",
        "api/imr_assessments_by_id",
        "api/imr_assessments_count",
        "api/recommendation_findings",
        "api/recommendations",
        "api/recommendations_by_id",
        "api/recommendations_count",
        "api/review_findings",
        "api/review_imr_assessments",
        "api/review_recommendations",
        "api/review_related",
        "api/reviews_by_id",
        "explore/review_learning",
        "explore/search",
        "explore/search_count",
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
        "api/group_members",
        "explore/related_reviews",
        "explore/related_reviews_count",
        "review_system/imr_quality",
    ),
    "derived if $issues": (
        "api/practice_changes",
        "api/practice_changes_count",
    ),
    "derived if $issues, $themes, $factors": (
        "api/reviews",
        "api/reviews_count",
    ),
    "parent": (
        "api/finding_agencies",
        "api/finding_briefings",
        "api/finding_factors",
        "api/finding_issues",
        "api/finding_themes",
        "api/imr_scores",
        "api/recommendation_agencies",
        "api/recommendation_changes",
        "api/review_agencies",
        "api/review_briefings",
        "api/review_forces",
        "api/review_partnerships",
        "api/review_strands",
    ),
    "role": (
        "api/load_runs",
        "api/load_runs_by_id",
        "api/load_runs_count",
        "audit/append_event",
        "audit/events",
        "audit/events_count",
        "auth/create_key",
        "auth/key_by_id",
        "auth/keys",
        "auth/revoke_key",
    ),
    "internal": (
        "derive/clear_recommendation_groups",
        "derive/co_occurrence",
        "derive/code_space",
        "derive/code_vectors_begin",
        "derive/code_vectors_done",
        "derive/create_recommendation_groups",
        "derive/findings",
        "derive/imr_tallies",
        "derive/issue_summaries",
        "derive/open_figures_current",
        "derive/open_figures_version",
        "derive/open_loops",
        "derive/pathway_stages",
        "derive/practice_change_ids",
        "derive/practice_changes",
        "derive/recommendation_texts",
        "derive/recommendations",
        "derive/recurrence_perennial_issues",
        "derive/recurrence_strands",
        "derive/recurrence_systems_factors",
        "derive/recurrence_themes",
        "derive/replace_pathway_tallies",
        "derive/replace_recurrence_tallies",
        "derive/review_code_vectors",
        "derive/review_factors",
        "derive/review_ids",
        "derive/review_issue_counts",
        "derive/review_raised_codes",
        "derive/review_themes",
        "derive/reviews",
        "derive/switch_recommendation_groups",
        "load/addressing_recommendations",
        "load/existing_agencies",
        "load/existing_briefings",
        "load/existing_findings",
        "load/existing_practice_changes",
        "load/existing_recommendations",
        "load/existing_reviews",
        "load/finish_run",
        "load/link_briefing_findings",
        "load/link_briefing_issues",
        "load/link_briefing_reviews",
        "load/link_briefing_themes",
        "load/link_change_agencies",
        "load/link_change_briefings",
        "load/link_change_recommendations",
        "load/link_finding_agencies",
        "load/link_finding_factors",
        "load/link_finding_issues",
        "load/link_finding_reviews",
        "load/link_finding_themes",
        "load/link_governance_forces",
        "load/link_imr_agencies",
        "load/link_imr_reviews",
        "load/link_imr_scores",
        "load/link_outcome_changes",
        "load/link_recommendation_agencies",
        "load/link_recommendation_findings",
        "load/link_recommendation_reviews",
        "load/link_resource_forces",
        "load/link_resource_issues",
        "load/link_resource_themes",
        "load/link_review_agencies",
        "load/link_review_forces",
        "load/link_review_partnerships",
        "load/link_review_related",
        "load/link_review_strands",
        "load/link_review_types",
        "load/mark_runs_interrupted",
        "load/start_run",
        "load/taxonomy_codes",
        "load/unfinished_runs",
        "load/upsert_agencies",
        "load/upsert_briefings",
        "load/upsert_findings",
        "load/upsert_governance",
        "load/upsert_imr_assessments",
        "load/upsert_outcomes",
        "load/upsert_partnerships",
        "load/upsert_practice_changes",
        "load/upsert_recommendations",
        "load/upsert_resources",
        "load/upsert_reviews",
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
        ("api/q", "none", "everyone", "RETURN 1 AS x", "is not one of"),
        ("api/q", "none", "public", "MATCH (r:Review) RETURN r.id AS x", "reads Review"),
        (
            "api/q",
            "none",
            "public",
            "MATCH (a)-[p:CO_OCCURS]->(b) RETURN p.reviews AS x",
            "reads CO_OCCURS",
        ),
        (
            "api/q",
            "$includeRestricted",
            "review",
            "MATCH (i:PerennialIssue) WHERE $includeRestricted RETURN i.openReviews AS x",
            "declare 'derived' and guard on DerivedState",
        ),
        ("api/q", "none", "review", "MATCH (f:Finding) RETURN f.id AS x", "filters on neither"),
        (
            "analytics/q",
            "$includeRestricted",
            "derived",
            "MATCH (t:RecurrenceTally) WHERE $includeRestricted RETURN t.reviews AS x",
            "DerivedState",
        ),
        (
            "api/q",
            "$includeRestricted",
            "derived if $issues",
            "MATCH (s:DerivedState) WHERE $includeRestricted RETURN s.stale AS x",
            "$issues is not one of its parameters",
        ),
        ("api/q", "none", "internal", "MATCH (r:Review) RETURN r.id AS x", "may be 'internal'"),
        (
            "reference/q",
            "none",
            "internal",
            "MATCH (t:Theme) RETURN t.code AS x",
            "reads of reference data serve callers",
        ),
        (
            "api/q",
            "none",
            "public",
            "MATCH (t:Theme)<-[:ABOUT_THEME]-(f) RETURN f.text AS x",
            "reads ABOUT_THEME",
        ),
        (
            "api/q",
            "$includeRestricted",
            "review",
            "MATCH (r:Review)-[:IDENTIFIES]->(f:Finding) WHERE $includeRestricted "
            "OR r.restricted = false RETURN f.text AS x",
            "f (Finding) is read without testing f.restricted",
        ),
        (
            "api/q",
            "$includeRestricted",
            "review",
            "MATCH (r:Review)-[:RAISES]->(i) WHERE $includeRestricted OR r.restricted = false "
            "RETURN i.code AS x",
            "it reads RAISES",
        ),
        (
            "api/q",
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
            "api/q",
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
