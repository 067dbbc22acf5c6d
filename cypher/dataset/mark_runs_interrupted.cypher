// Marks load runs that never finished as interrupted, once a later load has taken over.
// Parameters: $ids
// Columns: id
// Visibility: internal
UNWIND $ids AS wanted
MATCH (r:LoadRun {id: wanted})
SET r.status = 'interrupted'
RETURN r.id AS id
