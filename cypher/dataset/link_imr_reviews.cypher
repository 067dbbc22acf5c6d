// Links each ImrAssessment row to the review (row.reviewId), replacing its previous FOR_REVIEW
// link.
// Parameters: $rows
// Columns: linked
// Visibility: internal
UNWIND $rows AS row
MATCH (n:ImrAssessment {id: row.id})
OPTIONAL MATCH (n)-[old:FOR_REVIEW]->(:Review)
DELETE old
WITH DISTINCT n, row
MATCH (t:Review {id: row.reviewId})
MERGE (n)-[:FOR_REVIEW]->(t)
RETURN count(*) AS linked
