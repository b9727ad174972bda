"""Beside charts/cloud_share.py: a chart's id is its file name with '_' as '-', so both declare 'cloud-share'."""

DATASET = "cloud_share"
COLUMNS = {"provider": "text", "share_pct": "number"}
INTERACTIVE = False


def chart(rows, labels):
    raise NotImplementedError("never drawn: the build stops at the declaration")
