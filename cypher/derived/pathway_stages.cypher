// Counts each stage of every perennial issue's pathway (finding -> review -> recommendation ->
// practice change -> outcome), per review type and over all ('*'), over everything (scope
// 'all') and over unrestricted material only ('open'). A change or outcome reached from two
// review types counts under both, and once under '*'. For 'reviews', flagged is the number
// of those reviews' findings coded with the issue; for the other stages, the items that moved
// on (addressed, implemented, with an outcome). Read once per derivation.
// Parameters: none
// Columns: stage, code, reviewType, scope, detail, items, flagged
// Visibility: internal
MATCH (i:PerennialIssue)<-[raised:RAISES]-(r:Review)
WITH i.code AS code, r, raised
UNWIND [r.reviewType, '*'] AS reviewType
UNWIND (CASE WHEN r.restricted = false THEN ['all', 'open'] ELSE ['all'] END) AS scope
RETURN 'reviews' AS stage, code, reviewType, scope, null AS detail, count(raised) AS items,
    sum(raised.findings) AS flagged
UNION ALL
MATCH (i:PerennialIssue)<-[:EXEMPLIFIES]-(f:Finding)<-[:ADDRESSES]-(:Recommendation)
WITH DISTINCT i.code AS code, f
UNWIND [f.reviewType, '*'] AS reviewType
UNWIND (CASE WHEN f.restricted = false THEN ['all', 'open'] ELSE ['all'] END) AS scope
RETURN 'addressed' AS stage, code, reviewType, scope, null AS detail, count(f) AS items,
    0 AS flagged
UNION ALL
MATCH (i:PerennialIssue)<-[target:TARGETS]-(rec:Recommendation)
WITH i.code AS code, rec, target
UNWIND [rec.reviewType, '*'] AS reviewType
UNWIND (CASE WHEN rec.restricted = false THEN ['all', 'open'] ELSE ['all'] END) AS scope
RETURN 'recommendations' AS stage, code, reviewType, scope, null AS detail,
    count(target) AS items, sum(CASE WHEN rec.changeCount > 0 THEN 1 ELSE 0 END) AS flagged
UNION ALL
MATCH (i:PerennialIssue)<-[:TARGETS]-(rec:Recommendation)<-[:IMPLEMENTS]-(c:PracticeChange)
WITH i.code AS code, c, collect(DISTINCT rec.reviewType) AS everyType,
    collect(DISTINCT CASE WHEN rec.restricted = false THEN rec.reviewType END) AS openTypes
UNWIND [t IN everyType | ['all', t]] + [['all', '*']] + [t IN openTypes | ['open', t]]
    + (CASE WHEN size(openTypes) > 0 THEN [['open', '*']] ELSE [] END) AS key
RETURN 'changes' AS stage, code, key[1] AS reviewType, key[0] AS scope, null AS detail,
    count(c) AS items, sum(CASE WHEN c.outcomeCount > 0 THEN 1 ELSE 0 END) AS flagged
UNION ALL
MATCH (i:PerennialIssue)<-[:TARGETS]-(rec:Recommendation)<-[:IMPLEMENTS]-(:PracticeChange)-[:RESULTED_IN]->(o:Outcome)
WITH i.code AS code, o, collect(DISTINCT rec.reviewType) AS everyType,
    collect(DISTINCT CASE WHEN rec.restricted = false THEN rec.reviewType END) AS openTypes
UNWIND [t IN everyType | ['all', t]] + [['all', '*']] + [t IN openTypes | ['open', t]]
    + (CASE WHEN size(openTypes) > 0 THEN [['open', '*']] ELSE [] END) AS key
RETURN 'outcomes' AS stage, code, key[1] AS reviewType, key[0] AS scope,
    o.direction AS detail, count(o) AS items, 0 AS flagged
