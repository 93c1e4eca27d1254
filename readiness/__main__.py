"""`python -m readiness` runs the command line."""

from readiness.cli import main

main()
