"""One module per chart, each with `chart(rows, labels) -> alt.Chart`: pure, small, Altair only.

`rows` come from prepare.chart_rows (one language, numbers scaled, `<column>_text` and
`<column>_label` already formatted by Babel); `labels` carries column labels, units and
the chart's words from data/charts.yaml. Sizes, fonts and locale are added by spec.py.
What a chart reads (DATASET, COLUMNS, INTERACTIVE, CODED) is declared in literal constants at
the top of its module: registry.py reads them from the source, without importing Altair.
"""
