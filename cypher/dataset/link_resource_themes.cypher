// Replaces the HELPS_WITH links of each Resource row with the practice themes it helps with its
// row lists (row.themes).
// Parameters: $rows
// Columns: linked
// Visibility: internal
UNWIND $rows AS row
MATCH (n:Resource {id: row.id})
OPTIONAL MATCH (n)-[old:HELPS_WITH]->(:Theme)
DELETE old
WITH DISTINCT n, row
UNWIND row.themes AS wanted
MATCH (t:Theme {code: wanted})
MERGE (n)-[:HELPS_WITH]->(t)
RETURN count(*) AS linked
