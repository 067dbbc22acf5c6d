// Appends one event to the audit log; no statement changes or deletes an AuditEvent.
// Parameters: $id, $at, $actor, $actorKind, $action, $target, $outcome, $detail
// Columns: id
// Visibility: role
CREATE (e:AuditEvent {
    id: $id, at: $at, actor: $actor, actorKind: $actorKind, action: $action,
    target: $target, outcome: $outcome, detail: $detail
})
RETURN e.id AS id
