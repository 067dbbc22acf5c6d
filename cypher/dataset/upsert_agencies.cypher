// Creates or updates agencies (local authorities, health bodies, charities ...) from dataset rows. Rows whose content changed (their hash
// differs) are linked to this load run in place of the run that wrote them before.
// Parameters: $rows, $runId
// Columns: changed, created
// Visibility: internal
UNWIND $rows AS row
MERGE (n:Agency {id: row.id})
WITH n, row, n.rowHash AS before
SET n.name = row.name, n.sector = row.sector, n.area = row.area, n.rowHash = row.hash
WITH n, row, before
WHERE before IS NULL OR before <> row.hash
OPTIONAL MATCH (n)-[old:LOADED_BY]->(:LoadRun)
DELETE old
WITH DISTINCT n, before
MATCH (run:LoadRun {id: $runId})
MERGE (n)-[:LOADED_BY]->(run)
RETURN count(n) AS changed, sum(CASE WHEN before IS NULL THEN 1 ELSE 0 END) AS created
