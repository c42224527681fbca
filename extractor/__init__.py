"""xxgk: Chinese government information-disclosure annual reports to verified tables.

    from extractor import extract
    r = extract("report.pdf")
    r.tables["requests"]      # DataFrame: rows x cols under canonical keys
    r.cells, r.flags, r.meta  # tidy long frame, reconcile/other flags, agency/year
"""

from .pipeline import Result, analyse, extract, extract_many

__all__ = ["Result", "analyse", "extract", "extract_many"]
