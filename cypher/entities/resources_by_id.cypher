// Looks up shared resources by id; unknown ids give no row.
// Parameters: $ids
// Columns: key, node
// Visibility: public
UNWIND $ids AS id
MATCH (n:Resource {id: id})
RETURN n.id AS key, n {.id, .title, .kind, .sharedBy, .sharedOn, .url} AS node
