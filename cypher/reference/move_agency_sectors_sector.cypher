// Moves agencies of a retired sector to the single sector that replaces it.
// Parameters: $crosswalk
// Columns: moved
// Visibility: internal
UNWIND $crosswalk AS entry
MATCH (agency:Agency {sector: entry.from})
SET agency.sector = entry.to[0]
RETURN count(agency) AS moved
