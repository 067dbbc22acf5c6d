// Replaces the ADDRESSES links of each Recommendation row with the findings it addresses its row
// lists (row.findingIds).
// Parameters: $rows
// Columns: linked
// Visibility: internal
UNWIND $rows AS row
MATCH (n:Recommendation {id: row.id})
OPTIONAL MATCH (n)-[old:ADDRESSES]->(:Finding)
DELETE old
WITH DISTINCT n, row
UNWIND row.findingIds AS wanted
MATCH (t:Finding {id: wanted})
MERGE (n)-[:ADDRESSES]->(t)
RETURN count(*) AS linked
