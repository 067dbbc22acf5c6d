// Practice changes as import-format rows, implementing only the recommendations the caller may
// see.
// Parameters: $ids, $includeRestricted
// Columns: id, row
// Visibility: review
UNWIND $ids AS id
MATCH (n:PracticeChange {id: id})
RETURN n.id AS id, {
    change_id: n.id, agency_id: n.agencyId, description: n.description,
    change_type: n.changeType, status: n.status,
    implements: [(n)-[:IMPLEMENTS]->(r:Recommendation)
        WHERE $includeRestricted OR r.restricted = false | r.id],
    informed_by_briefings: [(n)-[:INFORMED_BY]->(b:Briefing) | b.id],
    started_on: n.startedOn, completed_on: n.completedOn, evidence: n.evidence
} AS row
