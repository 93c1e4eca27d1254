"""`python -m readiness` runs the command line."""

from readiness.entry import main

main()
