// Ends the writer lease of the holder that finished; a lease another writer holds is kept.
// Parameters: $lease, $token
// Columns: released
// Visibility: internal
MATCH (lease:WriterLease {id: $lease})
WHERE lease.token = $token
DETACH DELETE lease
RETURN count(*) AS released
