// Lists every registered query with who registered it and when, oldest first.
// Parameters: none
// Columns: hash, query, registeredAt, registeredBy, registeredByKind
// Visibility: role
MATCH (q:PersistedQuery)
RETURN q.hash AS hash, q.query AS query, q.registeredAt AS registeredAt,
    q.registeredBy AS registeredBy, q.registeredByKind AS registeredByKind
ORDER BY registeredAt, hash
