// Joint or parallel reviews of each review (either direction) that the caller may see.
// Parameters: $ids, $includeRestricted
// Columns: key, node
// Visibility: review
UNWIND $ids AS id
MATCH (:Review {id: id})-[:RELATED_TO]-(x:Review)
WITH id, x
WHERE ($includeRestricted OR x.restricted = false)
RETURN id AS key, x {.id, .title, .reviewType, .jurisdiction, .status, .restricted, .publishedOn, .initiatedOn, .year, .subjectAgeGroup, .summary, .sourceUrl, .commissionedBy} AS node
ORDER BY key, node.id
