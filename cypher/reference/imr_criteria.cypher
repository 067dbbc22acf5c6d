// Lists the IMR quality criteria with the meaning of each score, ordered by code; retired codes are left out.
// Parameters: none
// Columns: code, name, definition, levels, provisional, source
// Visibility: public
MATCH (e:ImrCriterion)
WHERE coalesce(e.retired, false) = false
RETURN e.code AS code, e.name AS name, e.definition AS definition, e.levels AS levels,
       e.provisional AS provisional, e.source AS source
ORDER BY code
