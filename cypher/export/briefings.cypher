// Briefings as import-format rows, citing only the reviews and findings the caller may see.
// Parameters: $ids, $includeRestricted
// Columns: id, row
// Visibility: review
UNWIND $ids AS id
MATCH (n:Briefing {id: id})
RETURN n.id AS id, {
    briefing_id: n.id, title: n.title, kind: n.kind, published_on: n.publishedOn, url: n.url,
    covers_issues: [(n)-[:DISSEMINATES]->(i:PerennialIssue) | i.code],
    covers_themes: [(n)-[:DISSEMINATES]->(t:Theme) | t.code],
    cites_reviews: [(n)-[:CITES]->(r:Review) WHERE $includeRestricted OR r.restricted = false | r.id],
    cites_findings: [(n)-[:DISSEMINATES]->(f:Finding)
        WHERE $includeRestricted OR f.restricted = false | f.id]
} AS row
