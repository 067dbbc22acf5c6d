// Lists the perennial issues with the theme each sits under, ordered by code.
// Parameters: none
// Columns: code, name, definition, provisional, source, themeCode
MATCH (i:PerennialIssue)
OPTIONAL MATCH (i)-[:UNDER_THEME]->(t:Theme)
RETURN i.code AS code, i.name AS name, i.definition AS definition,
       i.provisional AS provisional, i.source AS source, t.code AS themeCode
ORDER BY code
