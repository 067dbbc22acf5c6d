// Whether the reference taxonomies were ever loaded: how many review types the graph holds
// (taxonomies are loaded all at once, so none means none of them; `db init` loads them).
// Parameters: none
// Columns: reviewTypes
// Visibility: public
MATCH (t:ReviewType)
RETURN count(t) AS reviewTypes
