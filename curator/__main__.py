import sys

from curator.cli import main

if __name__ == "__main__":  # a process the ingest pool spawns imports this module too: it must not run
    sys.exit(main())
