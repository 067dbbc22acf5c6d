// Records how a dataset load ended: its status, end time and the per-entity summary (JSON).
// Parameters: $id, $status, $finishedAt, $summary
// Columns: id
// Visibility: internal
MATCH (r:LoadRun {id: $id})
SET r.status = $status, r.finishedAt = $finishedAt, r.summary = $summary
RETURN r.id AS id
