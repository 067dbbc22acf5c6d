"""Reference data through GraphQL, compared with the YAML files it was loaded from."""

import httpx

from graph_service.loaders.reference import REFERENCE_DIR, read_taxonomy
from graph_service.store import GraphStore
from tests.api.conftest import graphql


def _yaml(name: str) -> list[dict[str, object]]:
    return read_taxonomy(REFERENCE_DIR / f"{name}.yaml").rows


async def test_review_types_come_from_the_graph(api: httpx.AsyncClient) -> None:
    body = await graphql(api, "{ reviewTypes { code name current replacedBy } }")
    assert "errors" not in body
    expected = sorted(
        (
            {
                "code": row["code"],
                "name": row["name"],
                "current": row["status"] == "current",
                "replacedBy": row["replacedBy"],
            }
            for row in _yaml("review_types")
        ),
        key=lambda item: str(item["code"]),
    )
    assert body["data"]["reviewTypes"] == expected


async def test_forces_include_the_43_territorial_forces(api: httpx.AsyncClient) -> None:
    body = await graphql(api, "{ forces { code name territorial } }")
    forces = body["data"]["forces"]
    assert sum(force["territorial"] for force in forces) == 43
    assert {force["code"] for force in forces} == {row["code"] for row in _yaml("forces")}


async def test_issue_themes_are_batched_into_one_statement(
    api: httpx.AsyncClient, reference_store: GraphStore
) -> None:
    before = reference_store.statements_run
    body = await graphql(api, "{ perennialIssues { code theme { code name } } }")
    issues = body["data"]["perennialIssues"]
    expected = {row["code"]: row["theme"] for row in _yaml("perennial_issues")}
    assert {issue["code"]: issue["theme"]["code"] for issue in issues} == expected
    # One statement checks the key; one reads the issues, one all their themes, however many
    # issues there are.
    assert reference_store.statements_run - before == 3


async def test_themes(api: httpx.AsyncClient) -> None:
    body = await graphql(api, "{ themes { code name } }")
    assert [theme["code"] for theme in body["data"]["themes"]] == sorted(
        str(row["code"]) for row in _yaml("themes")
    )


async def test_probes(api: httpx.AsyncClient) -> None:
    assert (await api.get("/healthz")).json() == {"status": "ok"}
    ready = await api.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["status"] == "ready"


async def test_graphiql_is_served(api: httpx.AsyncClient) -> None:
    page = await api.get("/graphql", headers={"Accept": "text/html"})
    assert page.status_code == 200
    assert "graphiql" in page.text.lower()


async def test_the_other_taxonomies_match_their_files(api: httpx.AsyncClient) -> None:
    body = await graphql(
        api,
        "{ strands { code } systemsFactors { code level } agencySectors { code }"
        " imrCriteria { code levels { score meaning } } }",
    )
    data = body["data"]
    assert [s["code"] for s in data["strands"]] == sorted(str(r["code"]) for r in _yaml("strands"))
    assert {f["code"]: f["level"] for f in data["systemsFactors"]} == {
        r["code"]: r["level"] for r in _yaml("systems_factors")
    }
    assert "police" in {s["code"] for s in data["agencySectors"]}
    expected_levels = {str(r["code"]): r["levels"] for r in _yaml("imr_criteria")}
    for criterion in data["imrCriteria"]:
        levels = criterion["levels"]
        assert [level["score"] for level in levels] == [0, 1, 2, 3]
        assert [level["meaning"] for level in levels] == expected_levels[criterion["code"]]
