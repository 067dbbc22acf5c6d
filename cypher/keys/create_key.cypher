// Stores a new API key (its salted hash, never the key) unless an active key has this name.
// Returns no row when the name is taken; activeName is unique and cleared on revocation.
// Parameters: $keyId, $name, $role, $salt, $hash, $createdAt
// Columns: keyId
// Visibility: role
OPTIONAL MATCH (taken:ApiKey {activeName: $name})
WITH count(taken) AS holders
WHERE holders = 0
CREATE (k:ApiKey {
    keyId: $keyId, name: $name, activeName: $name, role: $role,
    salt: $salt, hash: $hash, createdAt: $createdAt
})
RETURN k.keyId AS keyId
