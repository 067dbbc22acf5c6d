// Records the start of a dataset load: what is loaded, from where, by which loader version.
// Parameters: $run
// Columns: id
// Visibility: internal
CREATE (r:LoadRun {id: $run.id})
SET r.status = 'running', r.startedAt = $run.startedAt, r.source = $run.source,
    r.datasetName = $run.datasetName, r.datasetHash = $run.datasetHash,
    r.files = $run.files, r.loaderVersion = $run.loaderVersion
RETURN r.id AS id
