"""Evaluation suites: metrics (pure functions), suites (each runs on the real service),
the naive LangChain baseline, reports and the CLI runner."""
