"""StreamField blocks the page types share."""

from wagtail import blocks


class IdentifiedStreamBlock(blocks.StreamBlock):
    """A stream whose nested lists and streams get their block ids when it is saved, as its
    own children do. Wagtail gives content stored from raw data (factories, the importer,
    API v3 writes) ids at the top level only; the nested items got theirs at their first
    edit in the admin, so comparing with the earlier revision showed every unchanged FAQ
    or list item as removed and added again."""

    def get_prep_value(self, value):
        if isinstance(value, blocks.StreamValue):
            for _child in value:
                pass  # a raw child becomes a block, whose nested values then take ids
        return super().get_prep_value(value)
