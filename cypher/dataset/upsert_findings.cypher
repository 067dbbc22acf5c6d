// Creates or updates findings from dataset rows. Rows whose content changed (their hash
// differs) are linked to this load run in place of the run that wrote them before.
// Each takes its review's restriction in the same write (restricted while the review is not in
// the graph yet); one that stops being visible marks the figures derived for readers as stale
// until the next derivation.
// Parameters: $rows, $runId
// Columns: changed, created
// Visibility: internal
UNWIND $rows AS row
MERGE (n:Finding {id: row.id})
WITH n, row
OPTIONAL MATCH (review:Review {id: row.reviewId})
WITH n, row, n.rowHash AS before, n.restricted AS wasRestricted,
    coalesce(review.restricted, true) AS restricted
SET n.reviewId = row.reviewId, n.text = row.text, n.kind = row.kind, n.rowHash = row.hash,
        n.restricted = restricted
FOREACH (_ IN CASE WHEN wasRestricted = false AND restricted THEN [1] ELSE [] END |
    MERGE (figures:DerivedState {id: 'open'})
    SET figures.stale = true, figures.version = coalesce(figures.version, 0) + 1)
WITH n, row, before
WHERE before IS NULL OR before <> row.hash
OPTIONAL MATCH (n)-[old:LOADED_BY]->(:LoadRun)
DELETE old
WITH DISTINCT n, before
MATCH (run:LoadRun {id: $runId})
MERGE (n)-[:LOADED_BY]->(run)
RETURN count(n) AS changed, sum(CASE WHEN before IS NULL THEN 1 ELSE 0 END) AS created
