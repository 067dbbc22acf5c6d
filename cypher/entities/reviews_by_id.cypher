// Looks up reviews, if the caller may see them by id; unknown ids give no row.
// Parameters: $ids, $includeRestricted
// Columns: key, node
// Visibility: review
UNWIND $ids AS id
MATCH (n:Review {id: id})
WITH n
WHERE ($includeRestricted OR n.restricted = false)
RETURN n.id AS key, n {.id, .title, .reviewType, .jurisdiction, .status, .restricted, .publishedOn, .initiatedOn, .year, .subjectAgeGroup, .summary, .sourceUrl, .commissionedBy} AS node
