// Replaces the DISSEMINATES links of each Briefing row with the practice themes it covers its row
// lists (row.themes).
// Parameters: $rows
// Columns: linked
// Visibility: internal
UNWIND $rows AS row
MATCH (n:Briefing {id: row.id})
OPTIONAL MATCH (n)-[old:DISSEMINATES]->(:Theme)
DELETE old
WITH DISTINCT n, row
UNWIND row.themes AS wanted
MATCH (t:Theme {code: wanted})
MERGE (n)-[:DISSEMINATES]->(t)
RETURN count(*) AS linked
