// Every load run with its status and summary, oldest first.
// Parameters: none
// Columns: id, status, summary, files
// Visibility: internal
MATCH (r:LoadRun)
RETURN r.id AS id, r.status AS status, r.summary AS summary, r.files AS files
ORDER BY r.startedAt, id
