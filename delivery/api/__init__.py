"""The content API: v2 (what frontends read today), v3 (Wagtail 8's read/write API),
draft previews for headless frontends, and HTTP caching of API responses."""
