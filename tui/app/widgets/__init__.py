"""The explorer's widgets: outline tree, detail pane, search panel."""
