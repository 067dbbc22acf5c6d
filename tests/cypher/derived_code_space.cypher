// The marker saying whether every review code vector is built, and over which code space.
// Parameters: none
// Columns: complete, key
// Visibility: internal
MATCH (s:CodeSpace)
RETURN s.complete AS complete, s.key AS key
