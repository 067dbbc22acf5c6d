// Records the start of a dataset load: what is loaded, from where, by which loader version,
// and its ordinal: 1, 2, 3 ... in start order, from a counter kept in the graph (loads hold
// the writer lock, so one run at a time takes the next number). Every node a load changes
// is stamped with that ordinal.
// Parameters: $run
// Columns: id, ordinal
// Visibility: internal
MERGE (counter:Counter {id: 'load_runs'})
SET counter.value = coalesce(counter.value, 0) + 1
WITH counter.value AS ordinal
CREATE (r:LoadRun {id: $run.id})
SET r.ordinal = ordinal, r.status = 'running', r.startedAt = $run.startedAt,
    r.source = $run.source, r.datasetName = $run.datasetName,
    r.datasetHash = $run.datasetHash, r.files = $run.files, r.loaderVersion = $run.loaderVersion
RETURN r.id AS id, r.ordinal AS ordinal
