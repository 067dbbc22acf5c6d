// Replaces the EXEMPLIFIES links of each Finding row with the perennial issues its row lists
// (row.issues).
// Parameters: $rows
// Columns: linked
// Visibility: internal
UNWIND $rows AS row
MATCH (n:Finding {id: row.id})
OPTIONAL MATCH (n)-[old:EXEMPLIFIES]->(:PerennialIssue)
DELETE old
WITH DISTINCT n, row
UNWIND row.issues AS wanted
MATCH (t:PerennialIssue {code: wanted})
MERGE (n)-[:EXEMPLIFIES]->(t)
RETURN count(*) AS linked
