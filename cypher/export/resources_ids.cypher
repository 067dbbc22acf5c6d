// The ids of the resources the caller may see, in id order, after $after (keyset paging).
// Parameters: $after, $limit
// Columns: id
// Visibility: public
MATCH (n:Resource)
WHERE n.id > $after
RETURN n.id AS id
ORDER BY id
LIMIT $limit
