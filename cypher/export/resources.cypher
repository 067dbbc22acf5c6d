// Shared resources as import-format rows.
// Parameters: $ids
// Columns: id, row
// Visibility: public
UNWIND $ids AS id
MATCH (n:Resource {id: id})
RETURN n.id AS id, {
    resource_id: n.id, title: n.title, kind: n.kind, shared_by: n.sharedBy,
    shared_on: n.sharedOn, url: n.url,
    issues: [(n)-[:HELPS_WITH]->(i:PerennialIssue) | i.code],
    themes: [(n)-[:HELPS_WITH]->(t:Theme) | t.code]
} AS row
