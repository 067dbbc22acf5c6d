// Counts, for the Theme recurrence tallies, per code, review type, year, jurisdiction and
// restriction: the reviews raising it and their findings coded with it, first and last publication,
// and the forces affected. Read once per derivation.
// Parameters: none
// Columns: code, reviewType, year, jurisdiction, restricted, reviews, findings, firstSeen, lastSeen, forces
// Visibility: internal
MATCH (r:Review)-[raised:RAISES]->(entry:Theme)
WITH entry.code AS code, r.reviewType AS reviewType, r.year AS year,
    r.jurisdiction AS jurisdiction, r.restricted AS restricted, count(r) AS reviews,
    sum(raised.findings) AS findings, min(r.publishedOn) AS firstSeen,
    max(r.publishedOn) AS lastSeen, collect(r.forceCodes) AS forceLists
RETURN code, reviewType, year, jurisdiction, restricted, reviews, findings, firstSeen, lastSeen,
    reduce(seen = [], codes IN forceLists | seen + [c IN codes WHERE NOT c IN seen]) AS forces
