// Links each GovernanceRecord row to its force (row.forceId), replacing its previous OF_FORCE
// link.
// Parameters: $rows
// Columns: linked
// Visibility: internal
UNWIND $rows AS row
MATCH (n:GovernanceRecord {id: row.id})
OPTIONAL MATCH (n)-[old:OF_FORCE]->(:Force)
DELETE old
WITH DISTINCT n, row
MATCH (t:Force {code: row.forceId})
MERGE (n)-[:OF_FORCE]->(t)
RETURN count(*) AS linked
