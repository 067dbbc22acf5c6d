// The ids of the imr assessments the caller may see, in id order, after $after (keyset paging).
// Parameters: $after, $limit, $includeRestricted, $includeImr
// Columns: id
// Visibility: review
MATCH (n:ImrAssessment)
WHERE n.id > $after AND $includeImr AND ($includeRestricted OR n.restricted = false)
RETURN n.id AS id
ORDER BY id
LIMIT $limit
