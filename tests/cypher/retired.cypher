// The retirement record of one taxonomy code of any label.
// Parameters: $code
// Columns: retired, successors, retiredIn
// Visibility: internal
MATCH (e {code: $code})
RETURN e.retired AS retired, e.successors AS successors, e.retiredIn AS retiredIn
