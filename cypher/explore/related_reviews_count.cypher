// How many reviews relatedReviews ranks for one review: those the caller may see, other than
// the review, raising at least one code it raises. No row when the review is unknown or the
// caller may not see it.
// Parameters: $id, $includeRestricted
// Columns: total
MATCH (r:Review {id: $id})
WHERE $includeRestricted OR r.restricted = false
OPTIONAL MATCH (r)-[:RAISES]->(c)<-[:RAISES]-(other:Review)
WHERE other.id <> r.id AND ($includeRestricted OR other.restricted = false)
RETURN count(DISTINCT other) AS total
