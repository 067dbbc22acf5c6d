// Returns its parameter unchanged, to check that values survive the trip to the engine.
// Parameters: $value
// Columns: value
// Visibility: internal
RETURN $value AS value
