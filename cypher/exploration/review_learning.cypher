// One review's learning as paths, for reviewLearning: each finding of the review with every
// recommendation addressing it that the caller may see, their practice changes and outcomes
// (part 'finding'); then the review's recommendations that address no finding the caller may
// see, with theirs (part 'unlinked'). A missing link is a null; no row at all when the review
// is unknown or the caller may not see it.
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
RETURN 'finding' AS part, properties(r) AS review, properties(f) AS finding,
    properties(rec) AS recommendation, properties(c) AS change, properties(o) AS outcome
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
RETURN 'unlinked' AS part, properties(r) AS review, null AS finding,
    properties(rec) AS recommendation, properties(c) AS change, properties(o) AS outcome
