// Links each Resource row to the force that shared it (row.sharedBy), replacing its previous
// SHARED_BY link.
// Parameters: $rows
// Columns: linked
// Visibility: internal
UNWIND $rows AS row
MATCH (n:Resource {id: row.id})
OPTIONAL MATCH (n)-[old:SHARED_BY]->(:Force)
DELETE old
WITH DISTINCT n, row
MATCH (t:Force {code: row.sharedBy})
MERGE (n)-[:SHARED_BY]->(t)
RETURN count(*) AS linked
