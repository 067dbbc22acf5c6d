// Lists the IMR quality criteria with the meaning of each score, ordered by code.
// Parameters: none
// Columns: code, name, definition, levels, provisional, source
MATCH (e:ImrCriterion)
RETURN e.code AS code, e.name AS name, e.definition AS definition, e.levels AS levels,
       e.provisional AS provisional, e.source AS source
ORDER BY code
