// Claims the graph's one writer lease if it is free or has expired, and says who holds it.
// MERGE creates at most one lease node (its id is unique); setting claimedAt takes the node's
// write lock before the holder is read, so of two claims at once the second sees the first.
// Parameters: $lease, $token, $task, $process, $ttlMs
// Columns: token, task, process, since
// Visibility: internal
MERGE (lease:WriterLease {id: $lease})
SET lease.claimedAt = timestamp()
WITH lease, lease.token IS NULL OR lease.expiresAt < timestamp() AS free
FOREACH (claim IN CASE WHEN free THEN [$token] ELSE [] END |
  SET lease.token = claim, lease.task = $task, lease.process = $process,
      lease.since = timestamp(), lease.expiresAt = timestamp() + $ttlMs
)
RETURN lease.token AS token, lease.task AS task, lease.process AS process,
       lease.since AS since
