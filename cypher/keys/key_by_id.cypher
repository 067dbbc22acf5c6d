// Fetches one API key with its salt and hash, to verify a key a caller presents.
// Parameters: $keyId
// Columns: keyId, name, role, salt, hash, createdAt, revokedAt
// Visibility: role
MATCH (k:ApiKey {keyId: $keyId})
RETURN k.keyId AS keyId, k.name AS name, k.role AS role, k.salt AS salt, k.hash AS hash,
    k.createdAt AS createdAt, k.revokedAt AS revokedAt
