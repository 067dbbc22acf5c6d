// The ids of the agencies the caller may see, in id order, after $after (keyset paging).
// Parameters: $after, $limit
// Columns: id
// Visibility: public
MATCH (n:Agency)
WHERE n.id > $after AND NOT n:Force
RETURN n.id AS id
ORDER BY id
LIMIT $limit
