// Extends the writer lease while its holder works; no row if another writer holds it now.
// Parameters: $lease, $token, $ttlMs
// Columns: expiresAt
// Visibility: internal
MATCH (lease:WriterLease {id: $lease})
WHERE lease.token = $token
SET lease.expiresAt = timestamp() + $ttlMs
RETURN lease.expiresAt AS expiresAt
