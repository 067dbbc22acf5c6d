// IMR assessments as import-format rows (scores as a list of code and score), for callers who
// may see IMR assessments and their review.
// Parameters: $ids, $includeRestricted, $includeImr
// Columns: id, row
// Visibility: review
UNWIND $ids AS id
MATCH (n:ImrAssessment {id: id})
WHERE $includeImr AND ($includeRestricted OR n.restricted = false)
RETURN n.id AS id, {
    assessment_id: n.id, review_id: n.reviewId, agency_id: n.agencyId,
    assessed_on: n.assessedOn, assessor_role: n.assessorRole, comment: n.comment,
    scores: [(n)-[s:SCORED]->(c:ImrCriterion) | {code: c.code, score: s.score}]
} AS row
