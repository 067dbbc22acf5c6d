// Looks up agencies (forces included) by id; unknown ids give no row.
// Parameters: $ids
// Columns: key, node
// Visibility: public
UNWIND $ids AS id
MATCH (n:Agency {id: id})
RETURN n.id AS key, n {.id, .name, .sector, .area} AS node
