// Counts dataset loads that pass the same filters as entities/load_runs.
// Parameters: $statuses
// Columns: total
// Visibility: role
MATCH (n:LoadRun)
WHERE ($statuses IS NULL OR n.status IN $statuses)
RETURN count(n) AS total
