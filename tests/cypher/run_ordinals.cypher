// Every load run's ordinal, with when it started.
// Parameters: none
// Columns: id, ordinal, startedAt
// Visibility: internal
MATCH (r:LoadRun)
RETURN r.id AS id, r.ordinal AS ordinal, r.startedAt AS startedAt
