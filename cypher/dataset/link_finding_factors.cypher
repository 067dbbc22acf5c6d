// Replaces the SHAPED_BY links of each Finding row with the systems factors its row lists,
// each with its effect (supports or hinders).
// Parameters: $rows
// Columns: linked
// Visibility: internal
UNWIND $rows AS row
MATCH (n:Finding {id: row.id})
OPTIONAL MATCH (n)-[old:SHAPED_BY]->(:SystemsFactor)
DELETE old
WITH DISTINCT n, row
UNWIND row.factors AS wanted
MATCH (t:SystemsFactor {code: wanted.code})
MERGE (n)-[r:SHAPED_BY {effect: wanted.effect}]->(t)
RETURN count(r) AS linked
