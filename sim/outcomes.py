"""The outcome columns of every results folder, in order, with their unit (every month; shares in [0,1])."""

REGENERATION = (
    "active_weavers", "entrants", "exits", "apprentices", "median_age", "share_under_35",
    "mean_skill", "masters",
)
COMPETITIVENESS = (
    "units_produced", "units_genuine", "units_imitation", "units_substitute", "local_market_share",
    "price_genuine", "price_imitation", "price_ratio", "revenue_total", "weaver_income_mean",
    "income_to_ump", "firms_beyond_local", "mean_quality",
)
PROCESS = ("trust_mean", "participation", "floor_active", "floor_compliance", "dinas_spend", "csr_spend",
           "inspections", "fines", "fines_rp")
ANSELL_GASH = ("ag_dialogue", "ag_trust", "ag_commitment", "ag_understanding", "ag_outcomes")
DESEVE = (
    "ds_network", "ds_commitment", "ds_trust", "ds_governance", "ds_authority",
    "ds_accountability", "ds_information", "ds_resources",
)
GOVERNANCE = ANSELL_GASH + ("ag_achieved",) + DESEVE + ("ds_achieved", "cluster_stage")
EXTRA = ("units_offered", "unsold_share", "weaver_gross_mean", "youth_pool", "genuine_weaver_share",
         "visibility", "kur_loans", "cash_short_share")
"""Columns beyond the contract's list (the contract may be added to): local pieces offered for
sale (last month's unsold stock plus this month's production), the share of them left unsold, mean
gross sales revenue per weaver (Rp/month), youth in the villages, the share of weavers on genuine
silk, the local product's visibility, KUR loans the dinas facilitated this month, and the
share of weavers whose cash is below ``cash_buffer`` (short of cash, selling fast).  ``units_genuine``, ``units_imitation`` and
``units_substitute`` count pieces sold."""

OUTCOMES = REGENERATION + COMPETITIVENESS + PROCESS + GOVERNANCE + EXTRA

MONTH_FLOWS = ("entrants", "exits", "units_produced", "units_genuine", "units_imitation", "units_substitute",
               "local_market_share", "revenue_total", "weaver_gross_mean", "unsold_share", "dinas_spend",
               "csr_spend", "inspections", "fines", "fines_rp", "kur_loans")
"""Columns that measure what happened during a month (sales, flows, spending): month 0, the state
at initialisation, has no month behind it, so they read 0 there (``unsold_share`` 1)."""

UNITS = {
    "active_weavers": "weavers", "entrants": "weavers/month", "exits": "weavers/month",
    "apprentices": "youth", "median_age": "years", "masters": "weavers",
    "units_produced": "pieces/month", "units_genuine": "pieces/month", "units_imitation": "pieces/month",
    "units_substitute": "pieces/month", "units_offered": "pieces/month",
    "price_genuine": "Rp", "price_imitation": "Rp", "price_ratio": "ratio",
    "revenue_total": "Rp/month", "weaver_income_mean": "Rp/month", "weaver_gross_mean": "Rp/month",
    "income_to_ump": "ratio", "dinas_spend": "Rp/month", "csr_spend": "Rp/month",
    "inspections": "inspections/month", "fines": "fines/month", "fines_rp": "Rp/month",
    "ag_achieved": "count of 5", "ds_achieved": "count of 8", "cluster_stage": "0 inactive, 1 active, 2 dynamic",
    "youth_pool": "persons", "floor_active": "0/1", "kur_loans": "loans/month",
}


def unit(name: str) -> str:
    """The unit of an outcome column ('share [0,1]' unless listed)."""
    return UNITS.get(name, "share [0,1]")
