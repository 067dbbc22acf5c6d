// Counts nodes by label set and relationships by type, leaving out load-run provenance.
// Parameters: none
// Columns: kind, name, count
// Visibility: internal
MATCH (n)
WHERE NOT n:LoadRun
RETURN 'node' AS kind, labels(n) AS name, count(n) AS count
UNION ALL
MATCH ()-[r]->(m)
WHERE NOT m:LoadRun
RETURN 'relationship' AS kind, type(r) AS name, count(r) AS count
