// Links each PracticeChange row to the agency that changed practice (row.agencyId), replacing its
// previous BY link.
// Parameters: $rows
// Columns: linked
// Visibility: internal
UNWIND $rows AS row
MATCH (n:PracticeChange {id: row.id})
OPTIONAL MATCH (n)-[old:BY]->(:Agency)
DELETE old
WITH DISTINCT n, row
MATCH (t:Agency {id: row.agencyId})
MERGE (n)-[:BY]->(t)
RETURN count(*) AS linked
