// Creates or updates review types from reference data.
// Parameters: $rows, $version
// Columns: written
// Visibility: internal
UNWIND $rows AS row
MERGE (t:ReviewType {code: row.code})
SET t.name = row.name, t.definition = row.definition, t.jurisdiction = row.jurisdiction,
    t.statute = row.statute, t.status = row.status, t.replaces = row.replaces,
    t.replacedBy = row.replacedBy, t.validFrom = row.validFrom, t.validUntil = row.validUntil,
    t.source = row.source, t.note = row.note, t.taxonomyVersion = $version,
    t.retired = false, t.successors = null
RETURN count(t) AS written
