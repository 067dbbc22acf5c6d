// Creates or updates the agency sectors taxonomy from reference data.
// Parameters: $rows, $version
// Columns: written
// Visibility: internal
UNWIND $rows AS row
MERGE (e:AgencySector {code: row.code})
SET e.name = row.name, e.definition = row.definition, e.source = row.source,
    e.provisional = row.provisional, e.note = row.note, e.taxonomyVersion = $version,
    e.retired = false, e.successors = null
RETURN count(e) AS written
