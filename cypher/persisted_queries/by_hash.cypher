// Fetches the query registered under one SHA-256 hash, to run a request that names it.
// Parameters: $hash
// Columns: hash, query, registeredAt, registeredBy, registeredByKind
// Visibility: role
MATCH (q:PersistedQuery {hash: $hash})
RETURN q.hash AS hash, q.query AS query, q.registeredAt AS registeredAt,
    q.registeredBy AS registeredBy, q.registeredByKind AS registeredByKind
