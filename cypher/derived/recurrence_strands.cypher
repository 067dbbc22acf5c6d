// Counts, for the Strand recurrence tallies, per code, review type, year, jurisdiction and
// restriction: the reviews concerning it and all their findings, first and last publication,
// and the forces affected. Read once per derivation.
// Parameters: none
// Columns: code, reviewType, year, jurisdiction, restricted, reviews, findings, firstSeen, lastSeen, forces
// Visibility: internal
MATCH (r:Review)-[:CONCERNS]->(entry:Strand)
WITH entry.code AS code, r.reviewType AS reviewType, r.year AS year,
    r.jurisdiction AS jurisdiction, r.restricted AS restricted, count(r) AS reviews,
    sum(r.findingCount) AS findings, min(r.publishedOn) AS firstSeen,
    max(r.publishedOn) AS lastSeen, collect(r.forceCodes) AS forceLists
RETURN code, reviewType, year, jurisdiction, restricted, reviews, findings, firstSeen, lastSeen,
    reduce(seen = [], codes IN forceLists | seen + [c IN codes WHERE NOT c IN seen]) AS forces
