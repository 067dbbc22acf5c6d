// Replaces the IN_FORCE_AREA links of each Review row with the police force areas its row lists
// (row.forceIds).
// Parameters: $rows
// Columns: linked
// Visibility: internal
UNWIND $rows AS row
MATCH (n:Review {id: row.id})
OPTIONAL MATCH (n)-[old:IN_FORCE_AREA]->(:Force)
DELETE old
WITH DISTINCT n, row
UNWIND row.forceIds AS wanted
MATCH (t:Force {code: wanted})
MERGE (n)-[:IN_FORCE_AREA]->(t)
RETURN count(*) AS linked
