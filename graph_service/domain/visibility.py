"""What a caller may see: the parameters every read statement filters on."""

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Visibility:
    """Restricted reviews (and what hangs off them) and IMR assessments are hidden by default."""

    include_restricted: bool = False
    include_imr: bool = False

    def parameters(self) -> dict[str, Any]:
        return {"includeRestricted": self.include_restricted, "includeImr": self.include_imr}


PUBLIC = Visibility()
EVERYTHING = Visibility(include_restricted=True, include_imr=True)
