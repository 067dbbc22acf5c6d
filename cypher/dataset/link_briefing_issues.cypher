// Replaces the DISSEMINATES links of each Briefing row with the perennial issues it covers its
// row lists (row.issues).
// Parameters: $rows
// Columns: linked
// Visibility: internal
UNWIND $rows AS row
MATCH (n:Briefing {id: row.id})
OPTIONAL MATCH (n)-[old:DISSEMINATES]->(:PerennialIssue)
DELETE old
WITH DISTINCT n, row
UNWIND row.issues AS wanted
MATCH (t:PerennialIssue {code: wanted})
MERGE (n)-[:DISSEMINATES]->(t)
RETURN count(*) AS linked
