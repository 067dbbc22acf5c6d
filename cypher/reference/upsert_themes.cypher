// Creates or updates the police practice themes.
// Parameters: $rows, $version
// Columns: written
// Visibility: internal
UNWIND $rows AS row
MERGE (t:Theme {code: row.code})
SET t.name = row.name, t.definition = row.definition, t.source = row.source,
    t.taxonomyVersion = $version,
    t.retired = false, t.successors = null
RETURN count(t) AS written
