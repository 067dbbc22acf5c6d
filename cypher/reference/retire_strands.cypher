// Marks strands codes retired by a new taxonomy version, with the codes that
// replace them; a code never seen before is recorded too, so datasets using it get told.
// Parameters: $crosswalk, $version
// Columns: retired
// Visibility: internal
UNWIND $crosswalk AS entry
MERGE (e:Strand {code: entry.from})
SET e.retired = true, e.successors = entry.to, e.retiredIn = $version
RETURN count(e) AS retired
