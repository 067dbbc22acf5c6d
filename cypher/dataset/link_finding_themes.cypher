// Replaces the ABOUT_THEME links of each Finding row with the practice themes its row lists
// (row.themes).
// Parameters: $rows
// Columns: linked
// Visibility: internal
UNWIND $rows AS row
MATCH (n:Finding {id: row.id})
OPTIONAL MATCH (n)-[old:ABOUT_THEME]->(:Theme)
DELETE old
WITH DISTINCT n, row
UNWIND row.themes AS wanted
MATCH (t:Theme {code: wanted})
MERGE (n)-[:ABOUT_THEME]->(t)
RETURN count(*) AS linked
