// One page of audit events in keyset order on (at, id), filtered; an action filter matches
// the action itself and the actions under it ('keys' matches 'keys.create').
// Parameters: $action, $actor, $outcome, $since, $ascending, $afterKey, $afterId, $limit
// Columns: key, id, event
// Visibility: role
MATCH (e:AuditEvent)
WHERE ($action IS NULL OR e.action = $action OR e.action STARTS WITH ($action + '.'))
    AND ($actor IS NULL OR e.actor = $actor)
    AND ($outcome IS NULL OR e.outcome = $outcome)
    AND ($since IS NULL OR e.at >= $since)
WITH e, e.at AS key
WHERE $afterId IS NULL
    OR ($ascending AND (key > $afterKey OR (key = $afterKey AND e.id > $afterId)))
    OR (NOT $ascending AND (key < $afterKey OR (key = $afterKey AND e.id < $afterId)))
WITH e, key
ORDER BY
    CASE WHEN $ascending THEN key END ASC, CASE WHEN $ascending THEN null ELSE key END DESC,
    CASE WHEN $ascending THEN e.id END ASC, CASE WHEN $ascending THEN null ELSE e.id END DESC
LIMIT $limit
RETURN key, e.id AS id, e {.id, .at, .actor, .actorKind, .action, .target, .outcome, .detail} AS event
