"""Loaders: raw file -> validated tidy table (see ``qnindex.schema``)."""
from .sipas import load_sipas

__all__ = ["load_sipas"]
