"""The README's *Permissions* table, rendered from the rows ``tests/test_permission_matrix.py``
tests, so the README says only what the tests check.

    python tools/permission_matrix.py          print the Markdown table
    python tools/permission_matrix.py --write  put it in README.md between its markers
"""

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="Update README.md in place.")
    args = parser.parse_args()

    # The table's rows name factories and views, so Django is set up as the tests set it up.
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinic.settings.test")
    import django

    django.setup()
    from tests import test_permission_matrix as matrix

    if args.write:
        matrix.README.write_text(matrix.readme_with_table(matrix.README.read_text()))
    else:
        print(matrix.markdown())


if __name__ == "__main__":
    main()
