// The ids of the load runs with these ordinals, for analysts following the feed to its
// provenance.
// Parameters: $ordinals
// Columns: ordinal, id
// Visibility: role
UNWIND $ordinals AS ordinal
MATCH (r:LoadRun {ordinal: ordinal})
RETURN ordinal, r.id AS id
