// Replaces the CONCERNS_AGENCY links of each Finding row with the agencies it concerns its row
// lists (row.agencyIds).
// Parameters: $rows
// Columns: linked
// Visibility: internal
UNWIND $rows AS row
MATCH (n:Finding {id: row.id})
OPTIONAL MATCH (n)-[old:CONCERNS_AGENCY]->(:Agency)
DELETE old
WITH DISTINCT n, row
UNWIND row.agencyIds AS wanted
MATCH (t:Agency {id: wanted})
MERGE (n)-[:CONCERNS_AGENCY]->(t)
RETURN count(*) AS linked
