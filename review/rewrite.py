"""Applying the claims checker's suggested rewrite: the flagged sentence is replaced by
its rewrite wherever a reader sees it on the page (summary, body blocks, FAQ answers),
walking the StreamField by its block definitions and rich text by its text nodes, so
markup, links and other blocks are left as they were."""

import re

from bs4 import BeautifulSoup, NavigableString
from wagtail import blocks
from wagtail.fields import RichTextField, StreamField


def _pattern(sentence):
    return re.compile(r"\s+".join(re.escape(word) for word in sentence.split()))


def _replace_plain(text, pattern, new):
    return pattern.subn(lambda _: new, text)


def _replace_html(source, pattern, new):
    soup = BeautifulSoup(source, "html.parser")
    count = 0
    for node in list(soup.find_all(string=True)):
        replaced, n = _replace_plain(str(node), pattern, new)
        if n:
            node.replace_with(NavigableString(replaced))
            count += n
    return (str(soup), count) if count else (source, 0)


def _replace_in_block(block, prep, pattern, new):
    """(prep value with the sentence replaced, replacements) for one block's JSON."""
    if isinstance(block, blocks.BaseStreamBlock) and isinstance(prep, list):
        out, count = [], 0
        for child in prep:
            child_block = block.child_blocks.get(child.get("type"))
            if child_block is None:
                out.append(child)
                continue
            value, n = _replace_in_block(child_block, child.get("value"), pattern, new)
            out.append({**child, "value": value})
            count += n
        return out, count
    if isinstance(block, blocks.ListBlock) and isinstance(prep, list):
        out, count = [], 0
        for item in prep:
            if isinstance(item, dict) and item.get("type") == "item" and "value" in item:
                value, n = _replace_in_block(block.child_block, item["value"], pattern, new)
                out.append({**item, "value": value})
            else:
                value, n = _replace_in_block(block.child_block, item, pattern, new)
                out.append(value)
            count += n
        return out, count
    if isinstance(block, blocks.BaseStructBlock) and isinstance(prep, dict):
        out, count = dict(prep), 0
        for name, child_block in block.child_blocks.items():
            if name in prep:
                out[name], n = _replace_in_block(child_block, prep[name], pattern, new)
                count += n
        return out, count
    if isinstance(block, blocks.RichTextBlock) and isinstance(prep, str):
        return _replace_html(prep, pattern, new)
    if isinstance(block, blocks.CharBlock | blocks.TextBlock) and isinstance(prep, str):
        return _replace_plain(prep, pattern, new)
    return prep, 0  # choosers (shared snippets are reviewed on their own) and the rest


def replace_sentence(page, sentence, new):
    """Replace the sentence in the page's medical text fields, in memory. Returns how
    many times it was replaced: 0 when it is not there as plain text (for instance when
    a link or bold text runs through it)."""
    pattern = _pattern(sentence)
    count = 0
    for name in page.medical_fields:
        model_field = page._meta.get_field(name)
        if model_field.is_relation:
            continue
        value = getattr(page, name)
        if isinstance(model_field, StreamField):
            prep, n = _replace_in_block(
                model_field.stream_block, list(value.get_prep_value()), pattern, new
            )
            if n:
                setattr(page, name, prep)
        elif isinstance(model_field, RichTextField):
            prep, n = _replace_html(value or "", pattern, new)
            if n:
                setattr(page, name, prep)
        elif isinstance(value, str):
            prep, n = _replace_plain(value, pattern, new)
            if n:
                setattr(page, name, prep)
        else:
            n = 0
        count += n
    return count
