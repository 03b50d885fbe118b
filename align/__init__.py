"""align: detect, translate, align and check names in machine-translated news, offline."""

__version__ = "0.1.0"
