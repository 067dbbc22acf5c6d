// For every loaded entity, the load run it links to (null when it has none).
// Parameters: none
// Columns: id, run
// Visibility: internal
MATCH (n)
WHERE n.rowHash IS NOT NULL
OPTIONAL MATCH (n)-[:LOADED_BY]->(r:LoadRun)
RETURN n.id AS id, r.id AS run
