// One force's overview, for forceOverview: reviews in its area the caller may see, by review
// type; recommendations directed to it (its agency id is its code) that the caller may see, by
// status (no status counts as open); practice changes it made, by status; per IMR criterion the
// number and sum of the scores given to its IMRs (only with $includeImr, and only for reviews
// the caller may see); and its latest governance record. No row when the force is unknown.
// Parameters: $code, $includeRestricted, $includeImr
// Columns: code, reviewsByType, recommendationsByStatus, changesByStatus, imrScores, governance
// Visibility: review
MATCH (f:Force {code: $code})
OPTIONAL MATCH (a:Agency {id: $code})
WITH f, a
OPTIONAL MATCH (f)<-[:IN_FORCE_AREA]-(r:Review)
WHERE $includeRestricted OR r.restricted = false
WITH f, a, r.reviewType AS reviewType, count(r) AS reviews
WITH f, a,
    collect(CASE WHEN reviews > 0 THEN {code: reviewType, count: reviews} END) AS reviewsByType
OPTIONAL MATCH (a)<-[:DIRECTED_TO]-(rec:Recommendation)
WHERE $includeRestricted OR rec.restricted = false
WITH f, a, reviewsByType, coalesce(rec.status, 'open') AS status, count(rec) AS recommendations
WITH f, a, reviewsByType,
    collect(CASE WHEN recommendations > 0 THEN {code: status, count: recommendations} END)
        AS recommendationsByStatus
OPTIONAL MATCH (a)<-[:BY]-(c:PracticeChange)
WITH f, a, reviewsByType, recommendationsByStatus, c.status AS status, count(c) AS changes
WITH f, a, reviewsByType, recommendationsByStatus,
    collect(CASE WHEN changes > 0 THEN {code: status, count: changes} END) AS changesByStatus
OPTIONAL MATCH (a)<-[:ASSESSES_IMR_OF]-(i:ImrAssessment)-[:FOR_REVIEW]->(assessed:Review)
WHERE $includeImr AND ($includeRestricted OR assessed.restricted = false)
OPTIONAL MATCH (i)-[s:SCORED]->(k:ImrCriterion)
WITH f, reviewsByType, recommendationsByStatus, changesByStatus, k.code AS criterion,
    count(s) AS scores, sum(s.score) AS total
WITH f, reviewsByType, recommendationsByStatus, changesByStatus,
    collect(CASE WHEN scores > 0 THEN {code: criterion, scores: scores, total: total} END)
        AS imrScores
OPTIONAL MATCH (f)<-[:OF_FORCE]-(g:GovernanceRecord)
WITH f, reviewsByType, recommendationsByStatus, changesByStatus, imrScores, collect(g) AS records
WITH f, reviewsByType, recommendationsByStatus, changesByStatus, imrScores,
    reduce(latest = null, g IN records |
        CASE WHEN latest IS NULL OR g.recordedOn > latest.recordedOn THEN g ELSE latest END
    ) AS latest
RETURN f.code AS code, reviewsByType, recommendationsByStatus, changesByStatus, imrScores,
    CASE WHEN latest IS NULL THEN null ELSE latest {.id, .forceId, .recordedOn, .hasReviewTeam, .reviewLeadRole, .oversightBoard, .recommendationTracking, .imrSignoffRole, .notes} END AS governance
