// Returns its parameter unchanged, to check that values survive the trip to the engine.
// Parameters: $value
// Columns: value
RETURN $value AS value
