// Lists, per perennial issue, its open loops: the recommendations targeting it that no
// practice change implements, and the practice changes implementing one of its
// recommendations that have no outcome, each with whether the recommendation is restricted.
// Parameters: none
// Columns: code, loop, id, restricted
// Visibility: internal
MATCH (i:PerennialIssue)<-[:TARGETS]-(rec:Recommendation)
WHERE rec.changeCount = 0
RETURN i.code AS code, 'recommendations' AS loop, rec.id AS id, rec.restricted AS restricted
UNION ALL
MATCH (i:PerennialIssue)<-[:TARGETS]-(rec:Recommendation)<-[:IMPLEMENTS]-(c:PracticeChange)
WHERE c.outcomeCount = 0
RETURN i.code AS code, 'changes' AS loop, c.id AS id, rec.restricted AS restricted
