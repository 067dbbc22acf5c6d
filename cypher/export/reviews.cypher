// Reviews as import-format rows, with only the related reviews the caller may see.
// Parameters: $ids, $includeRestricted
// Columns: id, row
// Visibility: review
UNWIND $ids AS id
MATCH (n:Review {id: id})
WHERE $includeRestricted OR n.restricted = false
RETURN n.id AS id, {
    review_id: n.id, title: n.title, review_type: n.reviewType, status: n.status,
    restricted: n.restricted, published_on: n.publishedOn, initiated_on: n.initiatedOn,
    force_ids: [(n)-[:IN_FORCE_AREA]->(f:Force) | f.code],
    commissioned_by: n.commissionedBy,
    agency_ids: [(n)-[:INVOLVED]->(a:Agency) | a.id],
    strands: [(n)-[:CONCERNS]->(s:Strand) | s.code],
    subject_age_group: n.subjectAgeGroup, summary: n.summary, source_url: n.sourceUrl,
    related_review_ids: [(n)-[:RELATED_TO]->(r:Review)
        WHERE $includeRestricted OR r.restricted = false | r.id]
} AS row
