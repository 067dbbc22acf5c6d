// Replaces the RELATED_TO links of each Review row with the joint or parallel reviews its row
// lists (row.relatedIds).
// Parameters: $rows
// Columns: linked
// Visibility: internal
UNWIND $rows AS row
MATCH (n:Review {id: row.id})
OPTIONAL MATCH (n)-[old:RELATED_TO]->(:Review)
DELETE old
WITH DISTINCT n, row
UNWIND row.relatedIds AS wanted
MATCH (t:Review {id: wanted})
MERGE (n)-[:RELATED_TO]->(t)
RETURN count(*) AS linked
