// The reviews each briefing cites that the caller may see, by briefing id.
// Parameters: $ids, $includeRestricted
// Columns: key, node
// Visibility: review
UNWIND $ids AS id
MATCH (:Briefing {id: id})-[:CITES]->(x:Review)
WITH id, x
WHERE ($includeRestricted OR x.restricted = false)
RETURN id AS key, x {.id, .title, .reviewType, .jurisdiction, .status, .restricted, .publishedOn, .initiatedOn, .year, .subjectAgeGroup, .summary, .sourceUrl, .commissionedBy} AS node
ORDER BY key, node.id
