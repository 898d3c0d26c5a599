"""WordPress's ``wpautop`` in Python: blank lines make paragraphs, single line
breaks make ``<br>``.

The classic WordPress editor stores text without ``<p>`` tags and adds them
when a page is shown; an export carries the stored text, so the import must
add them once, as WordPress would. Block-level tags are left unwrapped, and
``<pre>`` keeps its line breaks. Block-editor content (``<!-- wp:… -->``)
already holds its paragraphs and is left as it is (``needs_paragraphs``).
"""

import re

_BLOCKS = (
    r"(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|"
    r"form|map|area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section|"
    r"article|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary|iframe)"
)
_OPEN_BLOCK = re.compile(rf"(<{_BLOCKS}[\s/>])", re.IGNORECASE)
_CLOSE_BLOCK = re.compile(rf"(</{_BLOCKS}>)", re.IGNORECASE)
_P_BEFORE_BLOCK = re.compile(rf"<p>\s*(</?{_BLOCKS}[^>]*>)", re.IGNORECASE)
_P_AFTER_BLOCK = re.compile(rf"(</?{_BLOCKS}[^>]*>)\s*</p>", re.IGNORECASE)
_BR_AFTER_BLOCK = re.compile(rf"(</?{_BLOCKS}[^>]*>)\s*<br>", re.IGNORECASE)
_BR_BEFORE_BLOCK = re.compile(
    r"<br>(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)", re.IGNORECASE
)
_PRE = re.compile(r"<pre[\s>].*?</pre>", re.IGNORECASE | re.DOTALL)
_BLANK_LINES = re.compile(r"\n\s*\n")
_EMPTY_P = re.compile(r"<p>\s*</p>")
_TAG = re.compile(r"<[^<>]*>")


def needs_paragraphs(content):
    """Classic-editor text needs ``autop``; block-editor content has its own ``<p>``s."""
    return "<!-- wp:" not in content


def autop(text):
    """Wrap ``text``'s paragraphs in ``<p>``, as WordPress's ``wpautop`` does."""
    if not text.strip():
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    kept = []

    def keep(match):
        kept.append(match.group(0))
        return f"<pre wp-autop-{len(kept) - 1}></pre>"

    text = _PRE.sub(keep, text)
    text = _TAG.sub(lambda match: match.group(0).replace("\n", " "), text)
    text = _OPEN_BLOCK.sub(r"\n\n\1", text)
    text = _CLOSE_BLOCK.sub(r"\1\n\n", text)
    paragraphs = [chunk.strip() for chunk in _BLANK_LINES.split(text) if chunk.strip()]
    text = "".join(f"<p>{chunk}</p>\n" for chunk in paragraphs)
    text = _EMPTY_P.sub("", text)
    text = _P_BEFORE_BLOCK.sub(r"\1", text)
    text = _P_AFTER_BLOCK.sub(r"\1", text)
    text = re.sub(r"(?<!<br>)\s*\n", "<br>\n", text)
    text = _BR_AFTER_BLOCK.sub(r"\1", text)
    text = _BR_BEFORE_BLOCK.sub(r"\1", text)
    for index, block in enumerate(kept):
        text = text.replace(f"<pre wp-autop-{index}></pre>", block)
    return text.strip()
