// Whether the figures derived for readers are stale: material stopped being visible after
// they were last derived, and the derivation that recomputes them has not finished yet.
// Parameters: none
// Columns: stale
// Visibility: public
OPTIONAL MATCH (figures:DerivedState {id: 'open'})
RETURN coalesce(figures.stale, false) AS stale
