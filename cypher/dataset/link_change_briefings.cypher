// Replaces the INFORMED_BY links of each PracticeChange row with the briefings that informed it
// its row lists (row.briefingIds).
// Parameters: $rows
// Columns: linked
// Visibility: internal
UNWIND $rows AS row
MATCH (n:PracticeChange {id: row.id})
OPTIONAL MATCH (n)-[old:INFORMED_BY]->(:Briefing)
DELETE old
WITH DISTINCT n, row
UNWIND row.briefingIds AS wanted
MATCH (t:Briefing {id: wanted})
MERGE (n)-[:INFORMED_BY]->(t)
RETURN count(*) AS linked
