// How many writes have hidden material since the store was created: a derivation reads it
// first and marks the figures for readers current at its end only if it is unchanged then.
// Parameters: none
// Columns: version
// Visibility: internal
OPTIONAL MATCH (figures:DerivedState {id: 'open'})
RETURN coalesce(figures.version, 0) AS version
