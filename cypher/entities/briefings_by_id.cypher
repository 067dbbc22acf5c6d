// Looks up briefings by id; unknown ids give no row.
// Parameters: $ids
// Columns: key, node
// Visibility: public
UNWIND $ids AS id
MATCH (n:Briefing {id: id})
RETURN n.id AS key, n {.id, .title, .kind, .publishedOn, .url} AS node
