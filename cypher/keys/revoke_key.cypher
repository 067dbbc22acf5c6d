// Revokes an API key: sets revokedAt and frees its name; a revoked key stays revoked.
// No row for an unknown key id; wasActive is false when it had already been revoked.
// Parameters: $keyId, $revokedAt
// Columns: keyId, name, role, createdAt, revokedAt, wasActive
// Visibility: role
MATCH (k:ApiKey {keyId: $keyId})
WITH k, k.revokedAt IS NULL AS wasActive
SET k.revokedAt = CASE WHEN wasActive THEN $revokedAt ELSE k.revokedAt END,
    k.activeName = null
RETURN k.keyId AS keyId, k.name AS name, k.role AS role, k.createdAt AS createdAt,
    k.revokedAt AS revokedAt, wasActive
