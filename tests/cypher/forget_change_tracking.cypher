// Takes one review back to how loads left it before they tracked changes (tests only).
// Parameters: $id
// Columns: id
// Visibility: internal
MATCH (r:Review {id: $id})
REMOVE r.createdIn, r.changedIn, r.fieldHashes, r.fieldChangedIn, r.everPublic, r.publicSince
RETURN r.id AS id
