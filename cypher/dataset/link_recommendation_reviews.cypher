// Links each Recommendation row to the review that makes it (row.reviewId), replacing its
// previous MAKES link.
// Parameters: $rows
// Columns: linked
// Visibility: internal
UNWIND $rows AS row
MATCH (n:Recommendation {id: row.id})
OPTIONAL MATCH (:Review)-[old:MAKES]->(n)
DELETE old
WITH DISTINCT n, row
MATCH (t:Review {id: row.reviewId})
MERGE (t)-[:MAKES]->(n)
RETURN count(*) AS linked
