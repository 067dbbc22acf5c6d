// Replaces the COMMISSIONED_BY links of each Review row with the commissioning partnership its
// row lists (row.partnershipIds).
// Parameters: $rows
// Columns: linked
// Visibility: internal
UNWIND $rows AS row
MATCH (n:Review {id: row.id})
OPTIONAL MATCH (n)-[old:COMMISSIONED_BY]->(:Partnership)
DELETE old
WITH DISTINCT n, row
UNWIND row.partnershipIds AS wanted
MATCH (t:Partnership {id: wanted})
MERGE (n)-[:COMMISSIONED_BY]->(t)
RETURN count(*) AS linked
