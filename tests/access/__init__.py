"""Access-matrix entries per area, one module each (`ENTRIES: dict[str, Access]`).

`tests/access_matrix.py` merges every module in this package into `EXPECTED`, so areas can add
their URLs without editing one shared file.
"""
