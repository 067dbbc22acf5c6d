// The ids of the recommendations the caller may see, in id order, after $after (keyset paging).
// Parameters: $after, $limit, $includeRestricted
// Columns: id
// Visibility: review
MATCH (n:Recommendation)
WHERE n.id > $after AND ($includeRestricted OR n.restricted = false)
RETURN n.id AS id
ORDER BY id
LIMIT $limit
