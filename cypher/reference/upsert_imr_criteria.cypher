// Creates or updates the IMR quality rubric; levels[i] says what a score of i means.
// Parameters: $rows, $version
// Columns: written
// Visibility: internal
UNWIND $rows AS row
MERGE (e:ImrCriterion {code: row.code})
SET e.name = row.name, e.definition = row.definition, e.source = row.source,
    e.levels = row.levels, e.provisional = row.provisional, e.note = row.note,
    e.taxonomyVersion = $version,
    e.retired = false, e.successors = null
RETURN count(e) AS written
