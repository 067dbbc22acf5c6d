// Creates or updates the partnerships (boards, safeguarding partnerships, community safety
// partnerships) that commission reviews, keyed by an id derived from their name; new ones
// are linked to this load run.
// Parameters: $rows, $runId
// Columns: changed, created
// Visibility: internal
UNWIND $rows AS row
MERGE (n:Partnership {id: row.id})
WITH n, row, n.rowHash AS before
SET n.name = row.name, n.rowHash = row.hash
WITH n, row, before
WHERE before IS NULL OR before <> row.hash
OPTIONAL MATCH (n)-[old:LOADED_BY]->(:LoadRun)
DELETE old
WITH DISTINCT n, before
MATCH (run:LoadRun {id: $runId})
MERGE (n)-[:LOADED_BY]->(run)
RETURN count(n) AS changed, sum(CASE WHEN before IS NULL THEN 1 ELSE 0 END) AS created
