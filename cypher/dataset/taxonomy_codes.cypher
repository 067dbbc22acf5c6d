// Lists every code of the reference taxonomies that datasets may use, with whether it is
// retired and what replaced it, to validate a dataset before it is written.
// Parameters: none
// Columns: taxonomy, code, retired, successors, jurisdiction
// Visibility: internal
MATCH (e:ReviewType)
RETURN 'review_types' AS taxonomy, e.code AS code, e.retired AS retired,
       e.successors AS successors, e.jurisdiction AS jurisdiction
UNION ALL
MATCH (e:Force)
RETURN 'forces' AS taxonomy, e.code AS code, e.retired AS retired,
       e.successors AS successors, null AS jurisdiction
UNION ALL
MATCH (e:PerennialIssue)
RETURN 'perennial_issues' AS taxonomy, e.code AS code, e.retired AS retired,
       e.successors AS successors, null AS jurisdiction
UNION ALL
MATCH (e:Theme)
RETURN 'themes' AS taxonomy, e.code AS code, e.retired AS retired,
       e.successors AS successors, null AS jurisdiction
UNION ALL
MATCH (e:Strand)
RETURN 'strands' AS taxonomy, e.code AS code, e.retired AS retired,
       e.successors AS successors, null AS jurisdiction
UNION ALL
MATCH (e:SystemsFactor)
RETURN 'systems_factors' AS taxonomy, e.code AS code, e.retired AS retired,
       e.successors AS successors, null AS jurisdiction
UNION ALL
MATCH (e:ImrCriterion)
RETURN 'imr_criteria' AS taxonomy, e.code AS code, e.retired AS retired,
       e.successors AS successors, null AS jurisdiction
UNION ALL
MATCH (e:AgencySector)
RETURN 'agency_sectors' AS taxonomy, e.code AS code, e.retired AS retired,
       e.successors AS successors, null AS jurisdiction
