"""Argdown's syntax read as Argdown 1.7 reads it: its lexer, its grammar and the part of its model argmap uses.

A port of the behaviour of ``@argdown/core`` 1.7.5 (MIT licence, Christian Voigt): the
token list and its order, the custom matchers (indentation, relations only at a line's start,
inference lines, emphasis), the grammar (statements, relation trees, premise-conclusion
structures, arguments, headings, lists) and the model step (equivalence classes keyed by
title, the last definition's text, ``Untitled N`` titles, arguments, the transformation of a
reconstructed argument's relations to its main conclusion, ``strict`` mode, redundant
statement-to-argument attacks). ``tests/test_formats_argdown.py`` checks the result against
``@argdown/cli``'s own JSON. Nothing here prints; syntax errors are collected with their offset.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

#: Argdown 1.7's default shortcodes and the characters they stand for.
SHORTCODES: dict[str, str] = {
    ".A.": "∀",
    ":A:": "∀",
    ".E.": "∃",
    ":E:": "∃",
    ".O.": "𝗢",  # noqa: RUF001
    ":O:": "𝗢",  # noqa: RUF001
    ".P.": "𝗣",  # noqa: RUF001
    ":P:": "𝗣",  # noqa: RUF001
    ".->.": "→",
    ":->:": "→",
    ".<->.": "↔",
    ":<->:": "↔",
    ".~.": "¬",
    ":~:": "¬",
    ".^.": "∧",
    ":^:": "∧",
    ".v.": "∨",  # noqa: RUF001
    ":v:": "∨",  # noqa: RUF001
    ".v_.": "⊻",
    ":v_:": "⊻",
    ".<>.": "◇",
    ":<>:": "◇",
    ".[].": "◻",
    ":[]:": "◻",
    ":happy:": "😀",
    ".happy.": "😀",
    ":smile:": "☺️",
    ".smile.": "☺",
    ":smiley:": "☺",
    ".smiley.": "☺",
    ":laugh:": "😆",
    ".laugh.": "😆",
    ":lol:": "😆",
    ".lol.": "😆",
    ":rofl:": "🤣",
    ".rofl.": "🤣",
    ":joy:": "😂",
    ".joy.": "😂",
    ":heart:": "❤",
    ".heart.": "❤",
    ".?.": "❓",
    ":?:": "❓",
    ".question.": "❓",
    ":question:": "❓",
    ":love:": "😍",
    ".love.": "😍",
    ":wink:": "😉",
    ".wink.": "😉",
    ":shush:": "🤫",
    ".shush.": "🤫",
    ":meh:": "😐",
    ".meh.": "😐",
    ":eye-roll:": "🙄",
    ".eye-roll.": "🙄",
    ":sad:": "😢",
    ".sad.": "😢",
    ":disappointed:": "😞",
    ".disappointed.": "😞",
    ":scream:": "😱",
    ".scream.": "😱",
    ":+1:": "👍",
    ".+1.": "👍",
    ":up:": "👍",
    ".up.": "👍",
    ":-1:": "👎",
    ".-1.": "👎",
    ":down:": "👎",
    ".down.": "👎",
    ":think:": "🤔",
    ".think.": "🤔",
    ".star.": "⭐",
    ":star:": "⭐",
    ".y.": "✔",
    ":y:": "✔",
    ".agree.": "✔",
    ":agree:": "✔",
    ".n.": "❌",
    ":n:": "❌",
    ".disagree.": "❌",
    ":disagree:": "❌",
}


# -- lexer ------------------------------------------------------------------


@dataclass(slots=True)
class Token:
    """One token: its type (Argdown's token name), its text and its offset in the input."""

    type: str
    image: str
    offset: int


_REL_INDENT = r"([' \t]*)"  # Argdown's class is "[' '\t]": an apostrophe counts as indentation
_RELATIONS = (  # (token type, pattern) in the lexer's order
    ("IncomingSupport", re.compile(_REL_INDENT + r"(\+>)")),
    ("IncomingAttack", re.compile(_REL_INDENT + r"(->)")),
    ("OutgoingSupport", re.compile(_REL_INDENT + r"(<?\+)")),
    ("OutgoingAttack", re.compile(_REL_INDENT + r"(<?-)")),
    ("Contradiction", re.compile(_REL_INDENT + r"(><)")),
    ("IncomingUndercut", re.compile(_REL_INDENT + r"(_>)")),
    ("OutgoingUndercut", re.compile(_REL_INDENT + r"(<_|(?:_(?=\s)))")),
)
_ANY = r"[^\n\r\u2028\u2029]"  # JavaScript's "."
_COMMENT = re.compile(rf"(?:<!--[\s\S]*?-->)|(?:/\*[\s\S]*?\*/)|(?://{_ANY}*?(?=\r\n|\n|\r))")
_COMMENT_ALL_BREAKS = re.compile(_COMMENT.pattern.join("()") + r"(?:[ \t]*\r\n|\n|\r)*")
_COMMENT_ONE_BREAK = re.compile(_COMMENT.pattern.join("()") + r"(?:[ \t]*(?:\r\n|\n|\r)(?![ \t]*(?:\r\n|\n|\r)))?")
_FRONT_MATTER = re.compile(r"===+[\s\S]*?===+")
_DATA = re.compile(rf"\{{(?:(?!\}}\s[^,}}])(?:{_ANY}|\n))*\}}(?!\s*(?:,|\}}))")
_ESCAPED = re.compile(rf"\\{_ANY}(?: )*")
_SPECIAL = re.compile(r"(?:\.[^\s]+?\.[ \t]?)|(?::[^\s]+?:[ \t]?)")
_EMPTYLINE = re.compile(r"(?:[ \t]*(?:\r\n|\n)){2,}")
_NEWLINE = re.compile(r"[ \t]*(?:\r\n|\n|\r)")
_INFERENCE_START = re.compile(r"[' \t]*-{2}")
_INFERENCE_END = re.compile(r"-{2,}")
_HEADING = re.compile(r"(#+)(?: )")
_STATEMENT_NUMBER = re.compile(r"[' \t]*\(\d+\)")
_ORDERED_ITEM = re.compile(r"([' \t]*)\d+\.(?=\s)")
_UNORDERED_ITEM = re.compile(r"([' \t]*)\*(?=\s)")
_END_FOLLOW = r"(?:[ \t]|(?=\n|\r|\)|\}|_|\.|,|!|\?|;|:|-|\*|\Z))"
_EMPHASIS = (  # (token type, range type, pattern), ends before starts, bold before italic
    ("AsteriskBoldEnd", "AsteriskBold", re.compile(r"\*\*" + _END_FOLLOW)),
    ("UnderscoreBoldEnd", "UnderscoreBold", re.compile(r"__" + _END_FOLLOW)),
    ("AsteriskItalicEnd", "AsteriskItalic", re.compile(r"\*" + _END_FOLLOW)),
    ("UnderscoreItalicEnd", "UnderscoreItalic", re.compile(r"_" + _END_FOLLOW)),
    ("AsteriskBoldStart", "AsteriskBold", re.compile(r"\*\*(?!\s)")),
    ("UnderscoreBoldStart", "UnderscoreBold", re.compile(r"__(?!\s)")),
    ("AsteriskItalicStart", "AsteriskItalic", re.compile(r"\*(?!\s)")),
    ("UnderscoreItalicStart", "UnderscoreItalic", re.compile(r"_(?!\s)")),
)
_LINK = re.compile(r"\[[^\]]+?\]\([^)]+?\)[ \t]?")
TAG_PATTERN = re.compile(r"#(?:\(([^)]+)\)|([a-zA-z0-9\-\u00a0-\ud7ff\uf900-\ufdcf\ufdf0-\uffef]+))[ \t]?")
_SIMPLE = (  # after the tag: plain patterns in the lexer's order
    ("StatementDefinition", re.compile(rf"\[{_ANY}+?\]:")),
    ("StatementReference", re.compile(rf"\[[^-]{_ANY}*?\]")),
    ("StatementMention", re.compile(rf"@\[{_ANY}+?\][ \t]?")),
    ("ArgumentDefinition", re.compile(rf"<{_ANY}+?>:")),
    ("ArgumentReference", re.compile(rf"<[^-]{_ANY}*?>")),
    ("ArgumentMention", re.compile(rf"@<{_ANY}+?>[ \t]?")),
)
_SPACES = re.compile(r"[ \t]+")
_FREESTYLE = re.compile(r"[^\\@#*_\[\],.:;</>\-\r\n(){}]+")
_UNUSED = re.compile(r"[@#*_\[\],.:;</>\-(){}][ \t]?")
_LIST_DELIMITER = re.compile(",")

RELATION_TOKENS = frozenset(name for name, _ in _RELATIONS)
#: Tokens that carry statement text.
TEXT_TOKENS = frozenset({"Freestyle", "UnusedControlChar", "EscapedChar", "SpecialChar"})


@dataclass(slots=True)
class LexResult:
    tokens: list[Token]
    #: Offsets of characters no token matched (a backslash at the end of a line or of the input).
    errors: list[int] = field(default_factory=list)


def tokenize(text: str) -> LexResult:
    """The tokens of ``text`` as Argdown's lexer makes them (comments and spaces skipped)."""
    tokens: list[Token] = []
    errors: list[int] = []
    indents = [0]
    ranges: list[str] = []
    inference_mode = False
    n = len(text)
    pos = 0

    def last_is(*types: str) -> bool:
        return bool(tokens) and tokens[-1].type in types

    def line_start(allow_emptyline: bool = True) -> bool:
        return not tokens or last_is("Newline", "Emptyline") if allow_emptyline else (not tokens or last_is("Newline"))

    def dedent_all(at: int) -> None:
        while len(indents) > 1:
            tokens.append(Token("Dedent", "", at))
            indents.pop()

    def indent_or_dedent(indent: str, at: int) -> None:
        level = len(indent)
        if level > indents[-1]:
            indents.append(level)
            tokens.append(Token("Indent", "", at))
        else:
            while len(indents) > 1 and level < indents[-1]:
                indents.pop()
                tokens.append(Token("Dedent", "", at))

    def comment() -> re.Match[str] | None:
        if last_is("Emptyline"):
            return _COMMENT_ALL_BREAKS.match(text, pos)
        if last_is("Newline"):
            return _COMMENT_ONE_BREAK.match(text, pos)
        return _COMMENT.match(text, pos)

    def default_token() -> tuple[str, re.Match[str]] | None:
        ch = text[pos]
        if ch in "/<" and (m := comment()):
            return "Comment", m
        for name, pattern in (
            ("FrontMatter", _FRONT_MATTER),
            ("Data", _DATA),
            ("EscapedChar", _ESCAPED),
            ("SpecialChar", _SPECIAL),
        ):
            if m := pattern.match(text, pos):
                return name, m
        if not last_is("Emptyline") and (m := _EMPTYLINE.match(text, pos)):
            if m.end() < n:
                dedent_all(pos)
            return "Emptyline", m
        if m := _NEWLINE.match(text, pos):
            return "Newline", m
        if (not tokens or last_is("Newline")) and (m := _INFERENCE_START.match(text, pos)):
            dedent_all(pos)
            return "InferenceStart", m
        if line_start():
            for name, pattern in _RELATIONS:
                if m := pattern.match(text, pos):
                    indent_or_dedent(m.group(1), pos)
                    return name, m
            if (m := _HEADING.match(text, pos)) is not None:
                return "HeadingStart", m
            if m := _STATEMENT_NUMBER.match(text, pos):
                dedent_all(pos)
                return "StatementNumber", m
            for name, pattern in (("OrderedListItem", _ORDERED_ITEM), ("UnorderedListItem", _UNORDERED_ITEM)):
                if m := pattern.match(text, pos):
                    indent_or_dedent(m.group(1) + " ", pos)
                    return name, m
        for name, range_type, pattern in _EMPHASIS:
            if name.endswith("End"):
                if ranges and ranges[-1] == range_type and tokens and (m := pattern.match(text, pos)):
                    ranges.pop()
                    return name, m
            elif m := pattern.match(text, pos):
                ranges.append(range_type)
                return name, m
        if m := _LINK.match(text, pos):
            return "Link", m
        if m := TAG_PATTERN.match(text, pos):
            return "Tag", m
        for name, pattern in _SIMPLE:
            if m := pattern.match(text, pos):
                return name, m
        for name, pattern in (("Spaces", _SPACES), ("Freestyle", _FREESTYLE), ("UnusedControlChar", _UNUSED)):
            if m := pattern.match(text, pos):
                return name, m
        return None

    def inference_token() -> tuple[str, re.Match[str]] | None:
        if text[pos] in "/<" and (m := comment()):
            return "Comment", m
        for name, pattern in (
            ("Newline", _NEWLINE),
            ("EscapedChar", _ESCAPED),
            ("SpecialChar", _SPECIAL),
            ("InferenceEnd", _INFERENCE_END),
            ("Data", _DATA),
            ("ListDelimiter", _LIST_DELIMITER),
            ("Spaces", _SPACES),
            ("Freestyle", _FREESTYLE),
            ("UnusedControlChar", _UNUSED),
        ):
            if m := pattern.match(text, pos):
                return name, m
        return None

    while pos < n:
        found = inference_token() if inference_mode else default_token()
        if found is None or found[1].end() == pos:
            errors.append(pos)
            pos += 1
            continue
        name, m = found
        if name == "InferenceStart":
            inference_mode = True
        elif name == "InferenceEnd":
            inference_mode = False
        if name not in ("Comment", "Spaces"):
            tokens.append(Token(name, m.group(), pos))
        pos = m.end()
    if tokens and tokens[-1].type == "Emptyline":
        tokens.pop()
    dedent_all(n)
    return LexResult(tokens, errors)


# -- model ------------------------------------------------------------------


@dataclass(slots=True, eq=False)
class Member:
    """One occurrence of a statement (or an argument's description) in the text."""

    title: str | None = None
    text: str | None = None
    is_reference: bool = False
    role: str | None = None
    offset: int = 0
    data: Any = None
    #: Offset of the data block ``{...}``, if there is one.
    data_offset: int | None = None
    tags: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)


@dataclass(slots=True, eq=False)
class Statement:
    """An equivalence class: every occurrence of one statement title."""

    title: str
    members: list[Member] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)
    relations: list[Relation] = field(default_factory=list)

    def canonical(self) -> Member | None:
        """The member Argdown takes the text from: the last that is no reference (or one marked ``isCanonical``)."""
        return _canonical(self.members)


def _canonical(members: list[Member]) -> Member | None:
    """``getCanonicalMember`` of Argdown's equivalence classes and arguments (the same rule for both)."""
    fallback = None
    for member in reversed(members):
        if not member.is_reference:
            if isinstance(member.data, dict) and member.data.get("isCanonical"):
                return member
            fallback = fallback or member
    return fallback


@dataclass(slots=True, eq=False)
class Inference:
    """The inference line of a premise-conclusion structure (``-- rule --``)."""

    offset: int
    rules: list[str] = field(default_factory=list)
    data: Any = None
    relations: list[Relation] = field(default_factory=list)


@dataclass(slots=True, eq=False)
class PcsStatement:
    title: str
    role: str  # "premise", "intermediary-conclusion" or "main-conclusion"
    offset: int
    inference: Inference | None = None


@dataclass(slots=True, eq=False)
class Argument:
    title: str
    members: list[Member] = field(default_factory=list)
    pcs: list[PcsStatement] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    offset: int = 0
    #: The descriptions' ``#tags`` and merged data, as Argdown collects them for an argument.
    tags: list[str] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)

    def canonical(self) -> Member | None:
        """The description Argdown takes the text from (the rule of :meth:`Statement.canonical`)."""
        return _canonical(self.members)


Node = Statement | Argument | Inference


@dataclass(slots=True, eq=False)
class Relation:
    """``source`` bears on ``target``: support, attack, undercut, contradictory (strict mode: entails, contrary)."""

    type: str
    source: Node
    target: Node
    offset: int


@dataclass(slots=True)
class Problem:
    """A syntax error: where, and what was found."""

    offset: int
    message: str
    #: Whether the reader skipped the rest of the block (else it read on).
    skipped: bool = True


@dataclass(slots=True)
class Model:
    """What Argdown's model plugin makes of a document (the parts argmap reads)."""

    statements: dict[str, Statement] = field(default_factory=dict)
    arguments: dict[str, Argument] = field(default_factory=dict)
    relations: list[Relation] = field(default_factory=list)
    front_matter: Any = None
    front_matter_offset: int = 0
    headings: int = 0
    problems: list[Problem] = field(default_factory=list)


class _SyntaxError(Exception):
    def __init__(self, offset: int, message: str) -> None:
        super().__init__(message)
        self.offset = offset
        self.message = message


_CONTENT_FIRST = frozenset(
    {
        "Freestyle",
        "UnusedControlChar",
        "EscapedChar",
        "SpecialChar",
        "Link",
        "AsteriskBoldStart",
        "UnderscoreBoldStart",
        "AsteriskItalicStart",
        "UnderscoreItalicStart",
        "Tag",
        "ArgumentMention",
        "StatementMention",
        "Newline",
    }
)
_STATEMENT_FIRST = _CONTENT_FIRST | {"StatementReference", "StatementDefinition"}
_ARGUMENT_FIRST = frozenset({"ArgumentDefinition", "ArgumentReference"})
_TOKEN_WORDS = {
    "Emptyline": "an empty line",
    "Newline": "a line break",
    "Indent": "an indented line",
    "Dedent": "a line indented less",
    "InferenceStart": "an inference line ('--')",
    "InferenceEnd": "the end of an inference line ('--')",
    "StatementNumber": "a numbered statement",
    "HeadingStart": "a heading",
    "Data": "a data block '{...}'",
    "FrontMatter": "front matter '==='",
}
_RELATION_KINDS = {  # token -> (relation type, child is the source)
    "IncomingSupport": ("support", False),
    "IncomingAttack": ("attack", False),
    "OutgoingSupport": ("support", True),
    "OutgoingAttack": ("attack", True),
    "Contradiction": ("contradictory", False),
    "IncomingUndercut": ("undercut", False),
    "OutgoingUndercut": ("undercut", True),
}


def _describe(token: Token | None) -> str:
    if token is None:
        return "the end of the text"
    if token.type in _TOKEN_WORDS:
        return _TOKEN_WORDS[token.type]
    if token.type in _RELATION_KINDS:
        return f"a relation {token.image.strip()!r}"
    return repr(token.image.strip() or token.image)


class _Parser:
    """Argdown's grammar (``parser.ts``) with the model plugin's actions where its tree walker runs them."""

    def __init__(
        self, tokens: list[Token], settings: dict[str, Any], load_data: Callable[[str], Any], end: int
    ) -> None:
        self.tokens = tokens
        self.i = 0
        self.end = end
        self.model = Model()
        self.remove_tags = bool(settings.get("removeTagsFromText"))
        self.load_data = load_data
        self.untitled = 0
        self.heading: Member | None = None
        self.statement: Member | None = None
        self.relation_parents: list[Node] = []
        self.inference: Inference | None = None

    # -- tokens --
    def peek(self, k: int = 0) -> Token | None:
        j = self.i + k
        return self.tokens[j] if j < len(self.tokens) else None

    def at(self, *types: str) -> bool:
        token = self.peek()
        return token is not None and token.type in types

    def consume(self, *types: str) -> Token:
        token = self.peek()
        if token is None or token.type not in types:
            wanted = " or ".join(_TOKEN_WORDS.get(t, t) for t in types)
            where = token.offset if token is not None else self.end
            raise _SyntaxError(where, f"expected {wanted}, found {_describe(token)}")
        self.i += 1
        return token

    def unique_title(self) -> str:
        self.untitled += 1
        return f"Untitled {self.untitled}"

    # -- model helpers --
    def equivalence_class(self, title: str) -> Statement:
        found = self.model.statements.get(title)
        if found is None:
            found = self.model.statements[title] = Statement(title)
        return found

    def argument(self, title: str | None, offset: int) -> Argument:
        if title is not None and title in self.model.arguments:
            return self.model.arguments[title]
        title = title or self.unique_title()
        found = self.model.arguments[title] = Argument(title, offset=offset)
        return found

    def relation_member(self, member: Member) -> Node:
        if member.title is None:
            member.title = self.unique_title()
        if member.role == "argument-description":
            return self.argument(member.title, member.offset)
        return self.equivalence_class(member.title)

    def add_text(self, text: str) -> None:
        target = self.heading or self.statement
        if target is not None:
            target.text = (target.text or "") + text

    # -- rules --
    def document(self) -> None:
        if self.at("Newline"):
            self.i += 1
        if self.at("Emptyline"):
            self.i += 1
        if self.at("FrontMatter"):
            token = self.consume("FrontMatter")
            self.model.front_matter_offset = token.offset
            if self.at("Newline"):
                self.i += 1
            if self.peek() is not None and not self.at("Emptyline"):
                found = self.peek()
                assert found is not None
                self.model.problems.append(
                    Problem(
                        found.offset, f"expected an empty line after the front matter, found {_describe(found)}", False
                    )
                )
            elif self.at("Emptyline"):
                self.i += 1
        previous: str | None = None
        previous_argument: Argument | None = None
        while self.peek() is not None:
            start = self.i
            try:
                previous, previous_argument = self.item(previous, previous_argument)
                if self.peek() is not None:
                    self.consume("Emptyline")
            except _SyntaxError as exc:
                self.model.problems.append(Problem(exc.offset, exc.message))
                self.heading = self.statement = None
                self.relation_parents = []
                previous, previous_argument = None, None
                if self.i == start:
                    self.i += 1
                while self.peek() is not None and not self.at("Emptyline"):
                    self.i += 1
                if self.at("Emptyline"):
                    self.i += 1

    def item(self, previous: str | None, previous_argument: Argument | None) -> tuple[str, Argument | None]:
        token = self.peek()
        assert token is not None
        kind = token.type
        if kind == "HeadingStart":
            self.heading_rule()
            return "heading", None
        if kind == "StatementNumber":
            self.pcs(previous_argument if previous == "argument" else None)
            return "pcs", None
        if kind in _ARGUMENT_FIRST:
            return "argument", self.argument_rule(top_level=True)
        if kind == "Indent":
            after = self.peek(1)
            if after is not None and after.type in ("OrderedListItem", "UnorderedListItem"):
                self.list_rule(after.type)
                return "list", None
        if kind in _STATEMENT_FIRST:
            self.statement_rule(role="top-level-statement")
            return "statement", None
        raise _SyntaxError(token.offset, f"a statement, argument or heading cannot start with {_describe(token)}")

    def heading_rule(self) -> None:
        self.consume("HeadingStart")
        self.heading = Member(text="")
        self.content(required=True)
        if self.at("Data") or (self.at("Newline") and self.peek(1) is not None and self.peek(1).type == "Data"):  # type: ignore[union-attr]
            if self.at("Newline"):
                self.i += 1
            self.consume("Data")
            if self.at("Newline"):
                self.i += 1
        self.heading = None
        self.model.headings += 1

    def list_rule(self, item_type: str) -> None:
        self.consume("Indent")
        while self.at(item_type):
            self.consume(item_type)
            if self.at(*_ARGUMENT_FIRST):
                self.argument_rule(top_level=False)
            else:
                self.statement_rule(role=None)
        self.consume("Dedent")

    def content(self, required: bool) -> None:
        """``statementContent``: text, links, emphasis, tags, mentions and line breaks."""
        if required and not self.at(*_CONTENT_FIRST):
            token = self.peek()
            raise _SyntaxError(token.offset if token else self.end, f"expected text, found {_describe(token)}")
        while self.at(*_CONTENT_FIRST):
            token = self.peek()
            assert token is not None
            kind = token.type
            if kind in TEXT_TOKENS:
                self.i += 1
                self.add_text(self.token_text(token))
            elif kind == "Link":
                self.i += 1
                self.link(token)
            elif kind == "Tag":
                self.i += 1
                self.tag(token)
            elif kind in ("ArgumentMention", "StatementMention"):
                self.i += 1
                self.add_text(token.image)
            elif kind == "Newline":
                self.i += 1
                target = self.heading or self.statement
                last_child = not self.at(*_CONTENT_FIRST)
                if target is not None and not last_child and not (target.text or "").endswith(" "):
                    target.text = (target.text or "") + " "
            else:  # emphasis
                self.emphasis(kind)

    def token_text(self, token: Token) -> str:
        if token.type == "EscapedChar":
            return token.image[1:]
        if token.type == "SpecialChar":
            symbol = SHORTCODES.get(token.image.strip())
            if symbol is not None:
                return symbol + (" " if token.image.endswith(" ") else "")
        return token.image

    def link(self, token: Token) -> None:
        m = re.match(r"\[(.+)\]\((.+)\)", token.image)
        if m is None:  # pragma: no cover - the token pattern guarantees it
            return
        self.add_text(m.group(1) + (" " if token.image.endswith(" ") else ""))
        target = self.heading or self.statement
        if target is not None:
            target.links.append(m.group(2))

    def tag(self, token: Token) -> None:
        target = self.heading or self.statement
        m = TAG_PATTERN.match(token.image)
        if target is None or m is None:
            return
        if not self.remove_tags:
            self.add_text(token.image)
        name = m.group(1) or m.group(2)
        if name not in target.tags:
            target.tags.append(name)

    def emphasis(self, start: str) -> None:
        end = start.replace("Start", "End")
        self.consume(start)
        if self.at(*_CONTENT_FIRST):
            self.content(required=False)
        token = self.consume(end)
        if token.image.endswith(" "):
            self.add_text(" ")

    def data(self, member: Member | None) -> Any:
        token = self.consume("Data")
        value = self.load_data(token.image)
        if member is not None:
            member.data = value
            member.data_offset = token.offset
        if self.at("Newline"):
            self.i += 1
        return value

    def statement_rule(self, role: str | None) -> Member:
        token = self.peek()
        assert token is not None
        member = self.statement = Member(role=role, offset=token.offset)
        if token.type == "StatementReference":
            self.i += 1
            member.title = token.image[1:-1]
            member.is_reference = True
            while self.at("Tag"):
                self.tag(self.consume("Tag"))
            if self.at("Newline"):
                self.i += 1
        elif token.type == "StatementDefinition":
            self.i += 1
            member.title = token.image[1:-2]
            self.content(required=True)
        else:
            self.content(required=True)
        if self.at("Data"):
            self.data(member)
        if self.at("Indent"):
            self.relations(member)
        if member.title is None:
            member.title = self.unique_title()
        ec = self.equivalence_class(member.title)
        for tag in member.tags:
            if tag not in ec.tags:
                ec.tags.append(tag)
        if isinstance(member.data, dict):
            _merge(ec.data, member.data)
        ec.members.append(member)
        self.statement = None  # as Argdown's walker does on leaving a statement
        return member

    def argument_rule(self, top_level: bool) -> Argument:
        token = self.peek()
        assert token is not None
        member = self.statement = Member(role="argument-description", offset=token.offset, text="")
        if token.type == "ArgumentDefinition":
            self.i += 1
            member.title = token.image[1:-2]
            self.content(required=True)
        else:
            self.consume("ArgumentReference")
            member.title = token.image[1:-1]
            member.is_reference = True
            while self.at("Tag"):
                self.tag(self.consume("Tag"))
            if self.at("Newline"):
                self.i += 1
        if self.at("Data"):
            self.data(member)
        if self.at("Indent"):
            self.relations(member)
        argument = self.argument(member.title, member.offset)
        for tag in member.tags:
            if tag not in argument.tags:
                argument.tags.append(tag)
        if isinstance(member.data, dict):
            _merge(argument.data, member.data)
        argument.members.append(member)
        self.statement = None
        return argument

    def pcs(self, argument: Argument | None) -> None:
        start = self.peek()
        assert start is not None
        if argument is None:
            argument = self.argument(None, start.offset)
        elif argument.pcs:
            raise _SyntaxError(
                start.offset,
                f"argument <{argument.title}> already has a premise-conclusion structure: an argument has one",
            )
        statements: list[PcsStatement] = []
        statements.append(self.pcs_statement(None))
        while self.at("StatementNumber", "InferenceStart"):
            while self.at("StatementNumber"):
                statements.append(self.pcs_statement(None))
            inference = self.inference_rule()
            statements.append(self.pcs_statement(inference))
        if len(statements) == 1 or statements[-1].inference is None:
            token = self.peek()
            raise _SyntaxError(
                token.offset if token else self.end,
                f"a premise-conclusion structure ends with an inference line ('--') and a conclusion, "
                f"found {_describe(token)}",
            )
        statements[-1].role = "main-conclusion"
        argument.pcs = statements

    def pcs_statement(self, inference: Inference | None) -> PcsStatement:
        number = self.consume("StatementNumber")
        if not self.at(*_STATEMENT_FIRST):
            raise _SyntaxError(number.offset, f"a numbered statement needs text, found {_describe(self.peek())}")
        member = self.statement_rule(role=None)
        role = "intermediary-conclusion" if inference is not None else "premise"
        member.role = role
        assert member.title is not None
        return PcsStatement(member.title, role, number.offset, inference)

    def inference_rule(self) -> Inference:
        start = self.consume("InferenceStart")
        inference = self.inference = Inference(start.offset)
        self.relation_parents.append(inference)
        nxt, after = self.peek(), self.peek(1)
        if nxt is not None and (
            nxt.type in TEXT_TOKENS or (nxt.type == "Newline" and after is not None and after.type in TEXT_TOKENS)
        ):
            if nxt.type == "Newline":
                self.i += 1
            rule = ""
            while True:
                token = self.peek()
                if token is None or token.type not in TEXT_TOKENS:
                    if not rule:
                        raise _SyntaxError(token.offset if token else self.end, "an inference rule needs a name")
                    inference.rules.append(rule.strip())
                    if self.at("ListDelimiter"):
                        self.i += 1
                        rule = ""
                        continue
                    break
                self.i += 1
                rule += self.token_text(token)
        if self.at("Newline"):
            self.i += 1
        if self.at("Data"):
            inference.data = self.data(None)
        self.consume("InferenceEnd")
        self.consume("Newline")
        if self.at("Indent"):
            self.consume("Indent")
            self.relation_parents.append(inference)
            while self.at("OutgoingUndercut"):
                self.relation()
            self.relation_parents.pop()
            self.consume("Dedent")
        return inference

    def relations(self, owner: Member) -> None:
        self.consume("Indent")
        self.relation_parents.append(self.relation_member(owner))
        if not self.at(*_RELATION_KINDS):
            token = self.peek()
            raise _SyntaxError(token.offset if token else self.end, f"expected a relation, found {_describe(token)}")
        while self.at(*_RELATION_KINDS):
            self.relation()
        self.relation_parents.pop()
        self.consume("Dedent")

    def relation(self) -> None:
        token = self.peek()
        assert token is not None
        self.i += 1
        rel_type, child_is_source = _RELATION_KINDS[token.type]
        parent = self.relation_parents[-1]
        if token.type == "OutgoingUndercut" and isinstance(parent, Statement) and self.inference is not None:
            parent = self.inference  # as Argdown 1.7 does: the last inference read
        if self.at(*_ARGUMENT_FIRST) and token.type != "Contradiction":
            child: Node = self.argument_rule(top_level=False)
        elif self.at(*_STATEMENT_FIRST):
            member = self.statement_rule(role="relation-statement")
            child = self.relation_member(member)
        else:
            raise _SyntaxError(token.offset, f"a relation needs a statement or argument after {token.image.strip()!r}")
        source, target = (child, parent) if child_is_source else (parent, child)
        for existing in source.relations:
            if existing.type == rel_type and (
                existing.target is target
                or (rel_type == "contradictory" and existing.source is target and existing.target is source)
            ):
                return
        relation = Relation(rel_type, source, target, token.offset + len(token.image) - len(token.image.lstrip()))
        self.model.relations.append(relation)
        source.relations.append(relation)
        if target is not source:
            target.relations.append(relation)


def _merge(into: dict[str, Any], data: dict[str, Any]) -> None:
    """lodash ``merge``: mappings merged key by key, other values replaced."""
    for key, value in data.items():
        key = str(key)
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        else:
            into[key] = value


# -- after the walk: Argdown's transformations --------------------------------


def _is_reconstructed(node: Node) -> bool:
    return isinstance(node, Argument) and bool(node.pcs)


def _remove(relations: list[Relation], relation: Relation) -> None:
    for k, existing in enumerate(relations):
        if existing is relation:
            del relations[k]
            return


def _transform_argument_relations(model: Model) -> None:
    """A reconstructed argument's relations become its main conclusion's; undercuts go to its last inference."""
    kept: list[Relation] = []
    for relation in model.relations:
        keep = True
        if _is_reconstructed(relation.source):
            argument = relation.source
            assert isinstance(argument, Argument)
            _remove(argument.relations, relation)
            conclusion = model.statements[argument.pcs[-1].title]
            relation.source = conclusion
            if any(r.target is relation.target and r.type == relation.type for r in conclusion.relations):
                _remove(relation.target.relations, relation)
                keep = False
            else:
                conclusion.relations.append(relation)
        if keep and relation.type == "undercut" and _is_reconstructed(relation.target):
            argument = relation.target
            assert isinstance(argument, Argument)
            inference = argument.pcs[-1].inference
            assert inference is not None
            _remove(argument.relations, relation)
            relation.target = inference
            if any(r.source is relation.source and r.type == relation.type for r in inference.relations):
                _remove(relation.source.relations, relation)
                keep = False
            else:
                inference.relations.append(relation)
        if keep:
            kept.append(relation)
    model.relations = kept


def _transform_statement_relations(model: Model) -> None:
    """Strict mode: between statements a support is an entailment, an attack a contrary (merged both ways)."""
    kept: list[Relation] = []
    for relation in model.relations:
        if isinstance(relation.source, Statement) and isinstance(relation.target, Statement):
            if relation.type == "support":
                relation.type = "entails"
            elif relation.type == "attack":
                same = any(
                    r.type == "contrary"
                    and (
                        (r.source is relation.source and r.target is relation.target)
                        or (r.source is relation.target and r.target is relation.source)
                    )
                    for r in relation.source.relations
                )
                if same:
                    _remove(relation.source.relations, relation)
                    _remove(relation.target.relations, relation)
                    continue
                relation.type = "contrary"
        kept.append(relation)
    model.relations = kept


def _remove_redundant_attacks(model: Model) -> None:
    """An attack of a statement on an argument is dropped when the statement already conflicts with a premise of it."""
    kept: list[Relation] = []
    for relation in model.relations:
        source, target = relation.source, relation.target
        if isinstance(source, Statement) and relation.type == "attack" and isinstance(target, Argument) and target.pcs:
            premises = {s.title for s in target.pcs if s.role == "premise"}
            redundant = False
            for other in source.relations:
                far = other.target if other.source is source else other.source
                if not isinstance(far, Statement) or far.title not in premises:
                    continue
                if (other.type == "attack" and other.source is source) or other.type in ("contradictory", "contrary"):
                    redundant = True
                    break
            if redundant:
                _remove(source.relations, relation)
                _remove(target.relations, relation)
                continue
        kept.append(relation)
    model.relations = kept


_FRONT_START = re.compile(r"^\s*={3,}")
_FRONT_END = re.compile(r"={3,}\s*$")
_BLOCK_START = re.compile(r"^\{[ \t]*(?:\n\r|\n)")
_BLOCK_END = re.compile(r"\}\s*$")


def data_text(image: str) -> str:
    """The YAML in a data block: a block that opens with a line break is read without its braces (block format)."""
    if _BLOCK_START.match(image):
        return _BLOCK_END.sub("", image[_BLOCK_START.match(image).end() :])  # type: ignore[union-attr]
    return image


def front_matter_text(image: str) -> str:
    return _FRONT_END.sub("", _FRONT_START.sub("", image))


def parse(text: str, load_data: Callable[[str], Any]) -> tuple[Model, LexResult]:
    """Read ``text`` as Argdown 1.7 does. ``load_data`` parses YAML (front matter and data blocks)."""
    lexed = tokenize(text)
    settings: dict[str, Any] = {}
    fm_token = next((t for t in lexed.tokens[:3] if t.type == "FrontMatter"), None)
    front = load_data(front_matter_text(fm_token.image)) if fm_token is not None else None
    if isinstance(front, dict) and isinstance(front.get("model"), dict):
        settings = front["model"]
    parser = _Parser(lexed.tokens, settings, lambda image: load_data(data_text(image)), len(text))
    parser.document()
    model = parser.model
    model.front_matter = front
    if settings.get("transformArgumentRelations", True):
        _transform_argument_relations(model)
    if settings.get("mode") == "strict":
        _transform_statement_relations(model)
    _remove_redundant_attacks(model)
    return model, lexed
