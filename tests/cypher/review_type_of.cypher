// The review type of one review: its property and the type its OF_TYPE link points at.
// Parameters: $id
// Columns: property, linked
// Visibility: internal
MATCH (r:Review {id: $id})-[:OF_TYPE]->(t:ReviewType)
RETURN r.reviewType AS property, t.code AS linked
