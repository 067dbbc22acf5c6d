// Moves reviews of a retired review type to the single type that replaces it, keeping each
// review's reviewType and jurisdiction properties in step with its OF_TYPE link.
// Parameters: $crosswalk
// Columns: moved
// Visibility: internal
UNWIND $crosswalk AS entry
MATCH (review:Review)-[r:OF_TYPE]->(:ReviewType {code: entry.from})
MATCH (successor:ReviewType {code: entry.to[0]})
MERGE (review)-[:OF_TYPE]->(successor)
SET review.reviewType = successor.code, review.jurisdiction = successor.jurisdiction
DELETE r
RETURN count(*) AS moved
