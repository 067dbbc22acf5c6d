// Links each Review row to the review type (row.reviewType), replacing its previous OF_TYPE link.
// Parameters: $rows
// Columns: linked
// Visibility: internal
UNWIND $rows AS row
MATCH (n:Review {id: row.id})
OPTIONAL MATCH (n)-[old:OF_TYPE]->(:ReviewType)
DELETE old
WITH DISTINCT n, row
MATCH (t:ReviewType {code: row.reviewType})
MERGE (n)-[:OF_TYPE]->(t)
RETURN count(*) AS linked
