// Creates a theme without MERGE, to check that the unique key constraint holds.
// Parameters: $code
// Columns: none
// Visibility: internal
CREATE (:Theme {code: $code})
