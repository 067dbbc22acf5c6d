// Lists the review types, current and former, ordered by code; retired codes are left out.
// Parameters: none
// Columns: code, name, definition, jurisdiction, statute, status, replaces, replacedBy, validFrom, validUntil, source
// Visibility: public
MATCH (t:ReviewType)
WHERE coalesce(t.retired, false) = false
RETURN t.code AS code, t.name AS name, t.definition AS definition,
       t.jurisdiction AS jurisdiction, t.statute AS statute, t.status AS status,
       t.replaces AS replaces, t.replacedBy AS replacedBy,
       t.validFrom AS validFrom, t.validUntil AS validUntil, t.source AS source
ORDER BY code
