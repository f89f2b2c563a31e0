"""``python -m blocwatch.cli`` runs the command line (as the ``blocwatch`` script does)."""

from blocwatch.cli import main

main()
