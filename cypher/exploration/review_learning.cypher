// One review's learning as paths, for reviewLearning: each finding of the review with every
// recommendation addressing it that the caller may see, their practice changes and outcomes
// (part 'finding'); then the review's recommendations that address no finding the caller may
// see, with theirs (part 'unlinked'). A missing link is a null; no row at all when the review
// is unknown or the caller may not see it. A node an OPTIONAL MATCH may miss is projected
// through a CASE: FalkorDB projects a null node as a map of nulls, not as null.
// Parameters: $id, $includeRestricted
// Columns: part, review, finding, recommendation, change, outcome
// Visibility: review
MATCH (r:Review {id: $id})
WHERE $includeRestricted OR r.restricted = false
OPTIONAL MATCH (r)-[:IDENTIFIES]->(f:Finding)
WHERE $includeRestricted OR f.restricted = false
OPTIONAL MATCH (f)<-[:ADDRESSES]-(rec:Recommendation)
WHERE $includeRestricted OR rec.restricted = false
OPTIONAL MATCH (rec)<-[:IMPLEMENTS]-(c:PracticeChange)
OPTIONAL MATCH (c)-[:RESULTED_IN]->(o:Outcome)
RETURN 'finding' AS part,
    r {.id, .title, .reviewType, .jurisdiction, .status, .restricted, .publishedOn, .initiatedOn, .year, .subjectAgeGroup, .summary, .sourceUrl, .commissionedBy} AS review,
    CASE WHEN f IS NULL THEN null ELSE f {.id, .reviewId, .text, .kind} END AS finding,
    CASE WHEN rec IS NULL THEN null ELSE rec {.id, .reviewId, .text, .level, .status, .madeOn, .statusUpdatedOn, .implemented} END AS recommendation,
    CASE WHEN c IS NULL THEN null ELSE c {.id, .agencyId, .description, .changeType, .status, .startedOn, .completedOn, .evidence} END AS change,
    CASE WHEN o IS NULL THEN null ELSE o {.id, .changeId, .description, .direction, .observedOn, .measure, .value, .baseline, .evidenceUrl} END AS outcome
UNION ALL
MATCH (r:Review {id: $id})
WHERE $includeRestricted OR r.restricted = false
MATCH (r)-[:MAKES]->(rec:Recommendation)
WHERE $includeRestricted OR rec.restricted = false
WITH r, rec, size([(rec)-[:ADDRESSES]->(addressed:Finding)
    WHERE $includeRestricted OR addressed.restricted = false | addressed]) AS findings
WHERE findings = 0
OPTIONAL MATCH (rec)<-[:IMPLEMENTS]-(c:PracticeChange)
OPTIONAL MATCH (c)-[:RESULTED_IN]->(o:Outcome)
RETURN 'unlinked' AS part,
    r {.id, .title, .reviewType, .jurisdiction, .status, .restricted, .publishedOn, .initiatedOn, .year, .subjectAgeGroup, .summary, .sourceUrl, .commissionedBy} AS review,
    null AS finding,
    rec {.id, .reviewId, .text, .level, .status, .madeOn, .statusUpdatedOn, .implemented} AS recommendation,
    CASE WHEN c IS NULL THEN null ELSE c {.id, .agencyId, .description, .changeType, .status, .startedOn, .completedOn, .evidence} END AS change,
    CASE WHEN o IS NULL THEN null ELSE o {.id, .changeId, .description, .direction, .observedOn, .measure, .value, .baseline, .evidenceUrl} END AS outcome
