// Lists the police practice themes, ordered by code.
// Parameters: none
// Columns: code, name, definition, source
MATCH (t:Theme)
RETURN t.code AS code, t.name AS name, t.definition AS definition, t.source AS source
ORDER BY code
