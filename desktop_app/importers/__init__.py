"""Importers that turn archive listings and files into ImportBatch values for the catalog."""
