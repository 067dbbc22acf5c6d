"""Checks on the arguments of root fields: codes and year ranges, named in every error."""

from graph_service.api.info import Info
from graph_service.errors import InputError

# Taxonomy name as stored -> how an error message calls one of its codes, and where to list them.
TAXONOMIES = {
    "review_types": ("review type", "reviewTypes"),
    "forces": ("force", "forces"),
    "perennial_issues": ("perennial issue", "perennialIssues"),
    "themes": ("theme", "themes"),
    "strands": ("strand", "strands"),
    "systems_factors": ("systems factor", "systemsFactors"),
    "imr_criteria": ("IMR criterion", "imrCriteria"),
    "agency_sectors": ("agency sector", "agencySectors"),
}


async def codes(
    info: Info, argument: str, taxonomy: str, given: list[str] | None
) -> list[str] | None:
    """``given`` unchanged when every code is current; otherwise an error naming the argument."""
    if given is None:
        return None
    known = (await info.context.reference.codes()).get(taxonomy, {})
    label, listing = TAXONOMIES[taxonomy]
    for code in given:
        if code not in known:
            raise InputError(
                f"{argument}: unknown {label} code {code!r}; the query field {listing!r} lists them"
            )
        successors = known[code]
        if successors is not None:
            raise InputError(
                f"{argument}: {code!r} is a retired {label} code; use "
                + (" or ".join(repr(s) for s in successors) or "a current code")
            )
    return given


async def code(info: Info, argument: str, taxonomy: str, given: str) -> str:
    await codes(info, argument, taxonomy, [given])
    return given


def year_range(argument: str, year_from: int | None, year_to: int | None) -> None:
    for name, year in (("yearFrom", year_from), ("yearTo", year_to)):
        if year is not None and not 1900 <= year <= 2100:
            raise InputError(f"{argument}.{name}: {year} is not a plausible year (1900 to 2100)")
    if year_from is not None and year_to is not None and year_from > year_to:
        raise InputError(f"{argument}: yearFrom ({year_from}) is after yearTo ({year_to})")
