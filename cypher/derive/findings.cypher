// Copies, for the findings of a batch of reviews, the review's restriction, type and year,
// which visibility filters and lists of findings read.
// Parameters: $ids
// Columns: findings
UNWIND $ids AS id
MATCH (r:Review {id: id})-[:IDENTIFIES]->(f:Finding)
SET f.restricted = r.restricted, f.reviewType = r.reviewType, f.year = r.year
RETURN count(f) AS findings
