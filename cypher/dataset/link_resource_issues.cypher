// Replaces the HELPS_WITH links of each Resource row with the perennial issues it helps with its
// row lists (row.issues).
// Parameters: $rows
// Columns: linked
// Visibility: internal
UNWIND $rows AS row
MATCH (n:Resource {id: row.id})
OPTIONAL MATCH (n)-[old:HELPS_WITH]->(:PerennialIssue)
DELETE old
WITH DISTINCT n, row
UNWIND row.issues AS wanted
MATCH (t:PerennialIssue {code: wanted})
MERGE (n)-[:HELPS_WITH]->(t)
RETURN count(*) AS linked
