"""xunshi: a terminal explorer for Chinese inspection-rectification reports."""

__version__ = "0.1.0"
