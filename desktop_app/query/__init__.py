"""The query language: text -> syntax tree -> SQL, shared by the window and the command line."""
