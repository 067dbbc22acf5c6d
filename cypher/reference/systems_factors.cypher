// Lists the systems factors, ordered by code; retired codes are left out.
// Parameters: none
// Columns: code, name, definition, level, provisional, source
// Visibility: public
MATCH (e:SystemsFactor)
WHERE coalesce(e.retired, false) = false
RETURN e.code AS code, e.name AS name, e.definition AS definition, e.level AS level,
       e.provisional AS provisional, e.source AS source
ORDER BY code
