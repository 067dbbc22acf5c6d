// Creates or updates police forces; every force is also an agency of the police sector,
// whose agency id is its force code.
// Parameters: $rows, $version
// Columns: written
// Visibility: internal
UNWIND $rows AS row
MERGE (f:Force {code: row.code})
SET f:Agency, f.id = row.code, f.sector = 'police', f.name = row.name,
    f.listedName = row.listedName, f.country = row.country, f.kind = row.kind,
    f.definition = row.definition, f.source = row.source, f.note = row.note,
    f.taxonomyVersion = $version
RETURN count(f) AS written
