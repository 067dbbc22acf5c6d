// How many audit events match the filters of audit/events.
// Parameters: $action, $actor, $outcome, $since
// Columns: total
// Visibility: role
MATCH (e:AuditEvent)
WHERE ($action IS NULL OR e.action = $action OR e.action STARTS WITH ($action + '.'))
    AND ($actor IS NULL OR e.actor = $actor)
    AND ($outcome IS NULL OR e.outcome = $outcome)
    AND ($since IS NULL OR e.at >= $since)
RETURN count(e) AS total
