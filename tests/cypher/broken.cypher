// A statement the engine rejects, to check how failures are reported.
// Parameters: none
// Columns: x
// Visibility: internal
RETURN toInteger('a', 'b', 'c') AS x
