// The issue codes one finding exemplifies and the review that identifies it.
// Parameters: $id
// Columns: issues, review
// Visibility: internal
MATCH (f:Finding {id: $id})
OPTIONAL MATCH (f)-[:EXEMPLIFIES]->(i:PerennialIssue)
WITH f, collect(i.code) AS issues
OPTIONAL MATCH (r:Review)-[:IDENTIFIES]->(f)
RETURN issues, r.id AS review
