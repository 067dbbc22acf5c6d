// Lists every API key, oldest first, without its salt or hash.
// Parameters: none
// Columns: keyId, name, role, createdAt, revokedAt
// Visibility: role
MATCH (k:ApiKey)
RETURN k.keyId AS keyId, k.name AS name, k.role AS role, k.createdAt AS createdAt,
    k.revokedAt AS revokedAt
ORDER BY createdAt, keyId
