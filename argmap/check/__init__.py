"""`argmap check` without a terminal: the rules, and findings as text, JSON, SARIF and GitHub annotations."""
