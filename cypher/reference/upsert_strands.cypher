// Creates or updates the strands taxonomy from reference data.
// Parameters: $rows, $version
// Columns: written
UNWIND $rows AS row
MERGE (e:Strand {code: row.code})
SET e.name = row.name, e.definition = row.definition, e.source = row.source,
    e.provisional = row.provisional, e.note = row.note, e.taxonomyVersion = $version
RETURN count(e) AS written
