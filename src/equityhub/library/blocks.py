"""StreamField blocks for library pages."""

from __future__ import annotations

from wagtail import blocks


class KeyPointsBlock(blocks.ListBlock):
    def __init__(self, **kwargs: object) -> None:
        super().__init__(blocks.CharBlock(label="Point"), **kwargs)


class InsetBlock(blocks.StructBlock):
    text = blocks.TextBlock()

    class Meta:
        label = "Inset text"


def body_blocks() -> list[tuple[str, blocks.Block]]:
    return [
        ("heading", blocks.CharBlock(form_classname="title", label="Heading")),
        ("paragraph", blocks.RichTextBlock(features=["bold", "italic", "link", "ol", "ul"])),
        ("key_points", KeyPointsBlock(label="Key points")),
        ("inset", InsetBlock()),
        ("quote", blocks.BlockQuoteBlock(label="Quotation")),
    ]
