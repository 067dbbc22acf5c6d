// Marks the figures derived for readers as current, run last in a derivation, unless more
// material was hidden after the derivation read the version it was given (then the figures
// stay stale until the next derivation).
// Parameters: $version
// Columns: current
// Visibility: internal
MERGE (figures:DerivedState {id: 'open'})
WITH figures, coalesce(figures.version, 0) = $version AS unchanged
SET figures.stale = CASE WHEN unchanged THEN false ELSE true END
RETURN unchanged AS current
