// Replaces the INVOLVED links of each Review row with the agencies involved its row lists
// (row.agencyIds).
// Parameters: $rows
// Columns: linked
// Visibility: internal
UNWIND $rows AS row
MATCH (n:Review {id: row.id})
OPTIONAL MATCH (n)-[old:INVOLVED]->(:Agency)
DELETE old
WITH DISTINCT n, row
UNWIND row.agencyIds AS wanted
MATCH (t:Agency {id: wanted})
MERGE (n)-[:INVOLVED]->(t)
RETURN count(*) AS linked
