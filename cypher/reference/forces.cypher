// Lists the police forces (territorial and special), ordered by code.
// Parameters: none
// Columns: code, name, listedName, country, kind, definition, source
// Visibility: public
MATCH (f:Force)
RETURN f.code AS code, f.name AS name, f.listedName AS listedName, f.country AS country,
       f.kind AS kind, f.definition AS definition, f.source AS source
ORDER BY code
