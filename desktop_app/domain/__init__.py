"""Plain-Python values and rules of Dossier: no Qt, no database."""
