"""Where a claim stands on the ledger of supply: delivered, in the pipeline, or potential.
One definition, shared by the verdict (``verdict.py``) and the tracker (``tracker.py``).

>>> ledger_kind({"measure": "production", "modality": "achieved", "value": 310.0,
...              "unit": "t", "material": "NdPr oxide"})
'delivered'
>>> ledger_kind({"measure": "capacity", "modality": "capacity", "value": 2000.0, "unit": "t/yr"})
'potential'
"""

from __future__ import annotations

OUTPUT = ("production", "sales")
# being built counts while under way; a decision, a permit or money only once it is taken
# or granted ("the permit application is under review" is potential, not pipeline)
BUILDING = ("construction_start", "commissioning", "completion")
DECIDED = ("fid", "licence", "funding")
NOT_DELIVERED = ("planned", "capacity", "target", "conditional", "hypothetical", "negated")


def ledger_kind(claim: dict) -> str | None:
    """Where a claim stands on the ledger: ``delivered`` (achieved output: a mass of a named
    material produced or shipped, or output said to happen or to change; a yearly rate is a
    run-rate or a capacity), ``pipeline`` (being built or commissioned, a decision taken, a
    permit granted, money received, output ramping up), ``potential`` (planned, designed,
    targeted, conditional, hypothetical or denied), or None (a resource or a price shown)."""
    modality, measure = claim["modality"], claim["measure"]
    unit = claim.get("unit")
    if (
        modality == "achieved"
        and measure in OUTPUT
        and (
            claim.get("value") is None
            or unit == "%"
            or (unit in ("t", "kg") and claim.get("material"))
        )
    ):
        return "delivered"
    if measure in BUILDING and modality in ("in_progress", "achieved"):
        return "pipeline"
    if measure in DECIDED and modality == "achieved":
        return "pipeline"
    if measure in OUTPUT and modality == "in_progress":
        return "pipeline"
    if modality in NOT_DELIVERED:
        return "potential"
    return None
