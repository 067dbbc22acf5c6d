// The ids of the outcomes the caller may see, in id order, after $after (keyset paging).
// Parameters: $after, $limit
// Columns: id
// Visibility: public
MATCH (n:Outcome)
WHERE n.id > $after
RETURN n.id AS id
ORDER BY id
LIMIT $limit
