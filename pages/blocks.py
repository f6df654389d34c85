"""A page's plain-text body as blocks the template draws: headings, paragraphs and lists.

Staff write plain text in the admin (no HTML is ever stored or assembled): "## " starts a
heading, "- " an item of a list, a blank line ends a paragraph. French bodies get French spacing
(a non-breaking space before : and inside « », a narrow one before ; ! ?), so that editors need
not type invisible characters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

NBSP, NNBSP = "\u00a0", "\u202f"


@dataclass
class Block:
    kind: str  # "heading", "paragraph" or "list"
    text: str = ""
    items: list[str] = field(default_factory=list)


def french_spacing(text: str) -> str:
    """Non-breaking spaces where French typography puts them; no space is added where none was,
    so URLs ("https://") and times ("14:30") are left alone."""
    text = re.sub(r"[ \u00a0\u202f]+:", NBSP + ":", text)
    text = re.sub(r"[ \u00a0\u202f]+([;!?])", NNBSP + r"\1", text)
    text = re.sub(r"«[ \u00a0\u202f]*", "«" + NBSP, text)
    return re.sub(r"[ \u00a0\u202f]*»", NBSP + "»", text)


def parse(body: str, *, french: bool = False) -> list[Block]:
    """The blocks of ``body``, in order."""
    blocks: list[Block] = []
    paragraph: list[str] = []

    def close_paragraph() -> None:
        if paragraph:
            blocks.append(Block("paragraph", text=" ".join(paragraph)))
            paragraph.clear()

    for raw in body.replace("\r\n", "\n").split("\n"):
        line = " ".join(raw.split())
        if french:
            line = french_spacing(line)
        if not line:
            close_paragraph()
        elif line.startswith("## "):
            close_paragraph()
            blocks.append(Block("heading", text=line[3:].strip()))
        elif line.startswith("- "):
            close_paragraph()
            if not blocks or blocks[-1].kind != "list":
                blocks.append(Block("list"))
            blocks[-1].items.append(line[2:].strip())
        else:
            paragraph.append(line)
    close_paragraph()
    return blocks
