// Fetches practice themes by code, for batched lookups; unknown codes return no row.
// Parameters: $codes
// Columns: code, name, definition, source
UNWIND $codes AS wanted
MATCH (t:Theme {code: wanted})
RETURN t.code AS code, t.name AS name, t.definition AS definition, t.source AS source
