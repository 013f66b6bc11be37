"""Cost of the content API (``/api/content/``): an index page's listing (25 to a page) and
one article, as the number of articles grows.

Builds a throwaway test database as ``bench/api_v2.py`` does, with the same articles, and
prints the SQL query count and the median time of the articles index (its first page, and
its last once there are more than 25) and of one article.
Run: ``.venv/bin/python bench/content_api.py [--runs 15]``.
"""

import argparse
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from api_v2 import add_articles, build_site, measure  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

SIZES = (5, 25, 50)
API = "/api/content/"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="requests per measurement")
    args = parser.parse_args()

    from django.conf import settings

    settings.MEDIA_ROOT = Path(settings.BASE_DIR) / ".bench-media"
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        index, doctor = build_site()
        client = Client()
        print(f"{connection.vendor}, median of {args.runs} requests")
        print(
            f"{'articles':>8} {'hub queries':>12} {'hub ms':>8} {'last page q':>12}"
            f" {'last page ms':>13} {'article queries':>16} {'article ms':>11}"
        )
        built = 0
        for size in SIZES:
            add_articles(index, doctor, size - built)
            built = size
            from articles.models import ArticlePage

            article = ArticlePage.objects.live().first()
            path = API + article.get_url_parts()[2].lstrip("/")
            hq, hms = measure(client, API + "articles/", {}, args.runs)
            last = {"page": str((size + 24) // 25)}
            lq, lms = measure(client, API + "articles/", last, args.runs)
            aq, ams = measure(client, path, {}, args.runs)
            print(f"{size:>8} {hq:>12} {hms:>8.1f} {lq:>12} {lms:>13.1f} {aq:>16} {ams:>11.1f}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


if __name__ == "__main__":
    main()
