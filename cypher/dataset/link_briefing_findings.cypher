// Replaces the DISSEMINATES links of each Briefing row with the findings it cites its row lists
// (row.findingIds).
// Parameters: $rows
// Columns: linked
// Visibility: internal
UNWIND $rows AS row
MATCH (n:Briefing {id: row.id})
OPTIONAL MATCH (n)-[old:DISSEMINATES]->(:Finding)
DELETE old
WITH DISTINCT n, row
UNWIND row.findingIds AS wanted
MATCH (t:Finding {id: wanted})
MERGE (n)-[:DISSEMINATES]->(t)
RETURN count(*) AS linked
