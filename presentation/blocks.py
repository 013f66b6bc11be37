"""The v2 API's shape of StreamField values, owned by one serializer field.

``FrontendStreamField`` (the v2 serializer of every StreamField, see
``ClinicPageSerializer``) walks a stream with ``FrontendBlocks``: rich text as HTML with
front-end links (``FrontendContext.rich_text``), images as renditions, structs, lists and
streams as Wagtail gives them, and any other leaf by the block's own
``get_api_representation``. A block whose v2 shape is its own (a call to action with the
clinic's booking link, FAQ items resolved from the library) registers it with
``@block_representation`` in its app's ``api.py``. The blocks themselves keep Wagtail's
representation, which the v3 API reads and writes back.
"""

from rest_framework.fields import Field
from wagtail.blocks import ListBlock, RichTextBlock, StreamBlock, StructBlock
from wagtail.images.blocks import ImageChooserBlock

from .frontend import FIGURE_RENDITIONS, FrontendContext

_representations = {}  # block class -> fn(block, value, blocks)


def block_representation(block_class):
    """Register ``fn(block, value, blocks)`` as the v2 shape of ``block_class`` and its
    subclasses; ``blocks`` is the request's ``FrontendBlocks``."""

    def register(fn):
        _representations[block_class] = fn
        return fn

    return register


class FrontendBlocks:
    def __init__(self, frontend, context):
        self.frontend = frontend
        self.context = context

    def represent(self, block, value):
        for block_class in type(block).__mro__:
            if block_class in _representations:
                return _representations[block_class](block, value, self)
        if isinstance(block, StreamBlock):
            return self.stream(value)
        if isinstance(block, StructBlock):
            return self.struct(block, value)
        if isinstance(block, ListBlock):
            return [self.represent(block.child_block, item) for item in value]
        if isinstance(block, RichTextBlock):
            return self.frontend.rich_text(value.source if value else "", features=block.features)
        if isinstance(block, ImageChooserBlock):
            return self.frontend.image(value, FIGURE_RENDITIONS)
        return block.get_api_representation(value, context=self.context)

    def stream(self, value):
        return [
            {
                "type": child.block.name,
                "value": self.represent(child.block, child.value),
                "id": child.id,
            }
            for child in value or []
        ]

    def struct(self, block, value):
        return {
            name: self.represent(block.child_blocks[name], child_value)
            for name, child_value in value.items()
        }


class FrontendStreamField(Field):
    """In place of Wagtail's v2 ``StreamField`` serializer, which asks the blocks."""

    def to_representation(self, value):
        blocks = FrontendBlocks(FrontendContext.for_serializer(self.context), self.context)
        return blocks.represent(value.stream_block, value)
