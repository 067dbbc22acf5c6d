// Lists the police practice themes, ordered by code; retired codes are left out.
// Parameters: none
// Columns: code, name, definition, source
// Visibility: public
MATCH (t:Theme)
WHERE coalesce(t.retired, false) = false
RETURN t.code AS code, t.name AS name, t.definition AS definition, t.source AS source
ORDER BY code
