// Lists the agency sectors taxonomy, ordered by code.
// Parameters: none
// Columns: code, name, definition, provisional, source
MATCH (e:AgencySector)
RETURN e.code AS code, e.name AS name, e.definition AS definition,
       e.provisional AS provisional, e.source AS source
ORDER BY code
