// Lists load runs that started but never recorded an end (the process stopped midway).
// Parameters: none
// Columns: id, datasetName, source, startedAt
// Visibility: internal
MATCH (r:LoadRun)
WHERE r.status = 'running'
RETURN r.id AS id, r.datasetName AS datasetName, r.source AS source, r.startedAt AS startedAt
ORDER BY startedAt
