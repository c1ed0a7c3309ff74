"""The Qt window of Dossier: widgets and models over the catalog facade (the only Qt package)."""
