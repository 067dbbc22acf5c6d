// Replaces the DIRECTED_TO links of each Recommendation row with the agencies it is addressed to
// its row lists (row.agencyIds).
// Parameters: $rows
// Columns: linked
// Visibility: internal
UNWIND $rows AS row
MATCH (n:Recommendation {id: row.id})
OPTIONAL MATCH (n)-[old:DIRECTED_TO]->(:Agency)
DELETE old
WITH DISTINCT n, row
UNWIND row.agencyIds AS wanted
MATCH (t:Agency {id: wanted})
MERGE (n)-[:DIRECTED_TO]->(t)
RETURN count(*) AS linked
