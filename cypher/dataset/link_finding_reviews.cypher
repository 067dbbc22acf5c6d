// Links each Finding row to the review that identifies it (row.reviewId), replacing its previous
// IDENTIFIES link.
// Parameters: $rows
// Columns: linked
// Visibility: internal
UNWIND $rows AS row
MATCH (n:Finding {id: row.id})
OPTIONAL MATCH (:Review)-[old:IDENTIFIES]->(n)
DELETE old
WITH DISTINCT n, row
MATCH (t:Review {id: row.reviewId})
MERGE (t)-[:IDENTIFIES]->(n)
RETURN count(*) AS linked
