"""Importing the clinic's old blog posts as draft articles.

A file is read and decoded (``sources``), turned into a flat stream of headings,
paragraphs and list items (``elements``), stripped of blog debris (``debris``), given its
structure back (``parse``: title, byline, sections, lists, FAQs, disclaimer, call to
action; ``studies``: the research section's study mentions) and written as a draft
``ArticlePage`` (``build``). The ``import_articles`` management command runs each file in
its own transaction.
"""
