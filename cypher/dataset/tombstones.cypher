// Every tombstone of a retired dataset entity (for dataset validation: an entity loaded again
// loses its tombstone, and retiring one already retired changes nothing).
// Parameters: none
// Columns: kind, id
// Visibility: internal
MATCH (t:Retired)
RETURN t.kind AS kind, t.id AS id
