// Registers a GraphQL query under the SHA-256 hash of its text, unless one is registered
// under that hash already (then it is returned as it was) or the registry holds $capacity
// queries (then no row). created is false when the query was registered before.
// Parameters: $hash, $query, $registeredAt, $registeredBy, $registeredByKind, $capacity
// Columns: hash, query, registeredAt, registeredBy, registeredByKind, created
// Visibility: role
OPTIONAL MATCH (held:PersistedQuery)
WITH count(held) AS holding
OPTIONAL MATCH (existing:PersistedQuery {hash: $hash})
WITH holding, existing
WHERE existing IS NOT NULL OR holding < $capacity
MERGE (q:PersistedQuery {hash: $hash})
ON CREATE SET q.query = $query, q.registeredAt = $registeredAt, q.registeredBy = $registeredBy,
    q.registeredByKind = $registeredByKind
RETURN q.hash AS hash, q.query AS query, q.registeredAt AS registeredAt,
    q.registeredBy AS registeredBy, q.registeredByKind AS registeredByKind,
    existing IS NULL AS created
