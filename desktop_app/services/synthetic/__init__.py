"""The parts of a synthetic catalog: its shape, its invented names, its draws and its rows."""
