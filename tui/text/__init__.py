"""Rules about Chinese text, each written once: what may reach a terminal (`safe`), the script
(`script`, OpenCC), numerals (`numerals`), figures (`figures`), cited titles (`titles`) and line
breaking (`linebreak`). The bottom layer: it imports nothing else of xunshi but the model."""
