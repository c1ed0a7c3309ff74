"""Use cases of Dossier, shared by the window and the command line; each call is one session."""
