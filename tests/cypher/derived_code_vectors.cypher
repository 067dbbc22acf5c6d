// The raised codes and code vector of every review (the vector only where the dialect has one).
// Parameters: none
// Columns: id, raisedCodes, codeVector
// Visibility: internal
MATCH (r:Review)
RETURN r.id AS id, r.raisedCodes AS raisedCodes, r.codeVector AS codeVector
