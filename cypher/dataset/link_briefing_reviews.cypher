// Replaces the CITES links of each Briefing row with the reviews it cites its row lists
// (row.reviewIds).
// Parameters: $rows
// Columns: linked
// Visibility: internal
UNWIND $rows AS row
MATCH (n:Briefing {id: row.id})
OPTIONAL MATCH (n)-[old:CITES]->(:Review)
DELETE old
WITH DISTINCT n, row
UNWIND row.reviewIds AS wanted
MATCH (t:Review {id: wanted})
MERGE (n)-[:CITES]->(t)
RETURN count(*) AS linked
