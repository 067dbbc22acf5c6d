// The load runs the change feed may show: every run up to the first one still running (a
// running load's changes show once it ends), as the first running and the last ordinal.
// Parameters: none
// Columns: firstRunning, last
// Visibility: role
MATCH (r:LoadRun)
WHERE r.ordinal IS NOT NULL
RETURN min(CASE WHEN r.status = 'running' THEN r.ordinal END) AS firstRunning,
    max(r.ordinal) AS last
