// Removes the tombstones of retired entities that a load has created again ('<stem>/<id>'
// keys), once its entity writes are done.
// Parameters: $keys
// Columns: removed
// Visibility: internal
UNWIND $keys AS wanted
MATCH (t:Retired {key: wanted})
DELETE t
RETURN count(t) AS removed
