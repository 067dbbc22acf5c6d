// Links each ImrAssessment row to the agency whose IMR was assessed (row.agencyId), replacing its
// previous ASSESSES_IMR_OF link.
// Parameters: $rows
// Columns: linked
// Visibility: internal
UNWIND $rows AS row
MATCH (n:ImrAssessment {id: row.id})
OPTIONAL MATCH (n)-[old:ASSESSES_IMR_OF]->(:Agency)
DELETE old
WITH DISTINCT n, row
MATCH (t:Agency {id: row.agencyId})
MERGE (n)-[:ASSESSES_IMR_OF]->(t)
RETURN count(*) AS linked
