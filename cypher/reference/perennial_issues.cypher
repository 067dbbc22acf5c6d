// Lists the perennial issues with the theme each sits under, ordered by code; retired codes
// are left out.
// Parameters: none
// Columns: code, name, definition, provisional, source, themeCode
// Visibility: public
MATCH (i:PerennialIssue)
WHERE coalesce(i.retired, false) = false
OPTIONAL MATCH (i)-[:UNDER_THEME]->(t:Theme)
RETURN i.code AS code, i.name AS name, i.definition AS definition,
       i.provisional AS provisional, i.source AS source, t.code AS themeCode
ORDER BY code
