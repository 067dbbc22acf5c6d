// Lists the agency sectors taxonomy, ordered by code; retired codes are left out.
// Parameters: none
// Columns: code, name, definition, provisional, source
// Visibility: public
MATCH (e:AgencySector)
WHERE coalesce(e.retired, false) = false
RETURN e.code AS code, e.name AS name, e.definition AS definition,
       e.provisional AS provisional, e.source AS source
ORDER BY code
