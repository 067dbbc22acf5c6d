// Creates or updates the systems factors that support or hinder practice.
// Parameters: $rows, $version
// Columns: written
// Visibility: internal
UNWIND $rows AS row
MERGE (e:SystemsFactor {code: row.code})
SET e.name = row.name, e.definition = row.definition, e.source = row.source,
    e.level = row.level, e.provisional = row.provisional, e.note = row.note,
    e.taxonomyVersion = $version,
    e.retired = false, e.successors = null
RETURN count(e) AS written
