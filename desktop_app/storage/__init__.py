"""The catalog database: typed models, the engine and its pragmas, migrations, repositories."""
