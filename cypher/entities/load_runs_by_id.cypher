// Looks up load runs by id; unknown ids give no row.
// Parameters: $ids
// Columns: key, node
// Visibility: role
UNWIND $ids AS id
MATCH (n:LoadRun {id: id})
RETURN n.id AS key, n {.id, .status, .source, .datasetName, .datasetHash, .files, .loaderVersion, .startedAt, .finishedAt, .summary} AS node
