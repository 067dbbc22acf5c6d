// Findings as import-format rows, if the caller may see their review.
// Parameters: $ids, $includeRestricted
// Columns: id, row
// Visibility: review
UNWIND $ids AS id
MATCH (n:Finding {id: id})
WHERE $includeRestricted OR n.restricted = false
RETURN n.id AS id, {
    finding_id: n.id, review_id: n.reviewId, text: n.text, kind: n.kind,
    perennial_issues: [(n)-[:EXEMPLIFIES]->(i:PerennialIssue) | i.code],
    themes: [(n)-[:ABOUT_THEME]->(t:Theme) | t.code],
    systems_factors: [(n)-[s:SHAPED_BY]->(f:SystemsFactor) | f.code + ':' + s.effect],
    agency_ids: [(n)-[:CONCERNS_AGENCY]->(a:Agency) | a.id]
} AS row
