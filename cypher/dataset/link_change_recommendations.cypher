// Replaces the IMPLEMENTS links of each PracticeChange row with the recommendations it implements
// its row lists (row.recommendationIds).
// Parameters: $rows
// Columns: linked
// Visibility: internal
UNWIND $rows AS row
MATCH (n:PracticeChange {id: row.id})
OPTIONAL MATCH (n)-[old:IMPLEMENTS]->(:Recommendation)
DELETE old
WITH DISTINCT n, row
UNWIND row.recommendationIds AS wanted
MATCH (t:Recommendation {id: wanted})
MERGE (n)-[:IMPLEMENTS]->(t)
RETURN count(*) AS linked
