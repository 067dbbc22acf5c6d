// Agencies loaded from datasets (forces come with the reference data), as import-format rows.
// Parameters: $ids
// Columns: id, row
// Visibility: public
UNWIND $ids AS id
MATCH (n:Agency {id: id})
WHERE NOT n:Force
RETURN n.id AS id, {agency_id: n.id, name: n.name, sector: n.sector, area: n.area} AS row
