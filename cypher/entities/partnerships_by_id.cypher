// Looks up commissioning partnerships by id; unknown ids give no row.
// Parameters: $ids
// Columns: key, node
// Visibility: public
UNWIND $ids AS id
MATCH (n:Partnership {id: id})
RETURN n.id AS key, n {.id, .name} AS node
