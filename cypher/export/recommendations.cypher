// Recommendations as import-format rows, if the caller may see their review.
// Parameters: $ids, $includeRestricted
// Columns: id, row
// Visibility: review
UNWIND $ids AS id
MATCH (n:Recommendation {id: id})
WHERE $includeRestricted OR n.restricted = false
RETURN n.id AS id, {
    recommendation_id: n.id, review_id: n.reviewId, text: n.text,
    addressed_to: [(n)-[:DIRECTED_TO]->(a:Agency) | a.id],
    addresses_findings: [(n)-[:ADDRESSES]->(f:Finding)
        WHERE $includeRestricted OR f.restricted = false | f.id],
    level: n.level, made_on: n.madeOn, status: n.status, status_updated_on: n.statusUpdatedOn
} AS row
