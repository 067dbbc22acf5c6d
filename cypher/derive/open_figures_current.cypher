// Marks the figures derived for readers as current, run last in a derivation, unless more
// material was hidden after the derivation read the version it was given (then the figures
// stay stale until the next derivation).
// Parameters: $version
// Columns: current
// Visibility: internal
MERGE (state:DerivedState {id: 'open'})
WITH state, coalesce(state.version, 0) = $version AS unchanged
SET state.stale = CASE WHEN unchanged THEN false ELSE true END
RETURN unchanged AS current
