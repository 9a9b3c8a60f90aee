"""A marker for the core's sentences that the window shows translated: ``QT_TRANSLATE_NOOP("core", text)``.

The core is Qt-free (numpy and the standard library), but some of its English reaches the window:
a parameter's help (a field's tooltip), a registry entry's summary (a combo box item's tooltip), what
noise means for a problem. The command line prints the same sentences and must stay English, so the
core keeps them English and only marks them: this function returns its text unchanged, and Qt's
lupdate, which finds calls by this name, puts them in the translation sources under the context
``core``. The window translates them where it shows them (:func:`lrmonitor.qt.language.core_text`).
Formulas stay as written (the ``0 < factor <= 1`` of a range; the words around it are marked).

Sentences with values in them (an error naming the bad value and the allowed range, a run's name
made from its rate and events) are :class:`Words`: a marked template and its fields. The core's
English is ``str()`` of them, unchanged; the window words the same template in its language. An
error the window may show is a :class:`WordedError`, still a ``ValueError`` to every caller.
"""

CONTEXT = "core"


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 (the name lupdate looks for)
    """``text``, unchanged: the mark is for lupdate (see the module docstring)."""
    return text


def _same(text: str) -> str:
    return text


class Words:
    """A sentence the core composes, kept as its marked template and fields, so the window can word it.

    ``Words(TEMPLATE, value=…)``: ``TEMPLATE`` is a ``QT_TRANSLATE_NOOP("core", …)`` string with
    ``{fields}``; a field is text shown as it is (a value the student typed, a file name, a range such
    as ``0 < factor <= 1``) or Words of its own (a worded part, e.g. the ``epoch 40`` in ``decay ×0.5
    at epoch 40``). :meth:`text` gives the English (what the command line prints and files keep);
    ``text(word)`` gives it in another language, ``word`` translating each template (the window passes
    :func:`lrmonitor.qt.language.core_text`). A translated template may put the fields in another order.
    """

    __slots__ = ("template", "fields")

    def __init__(self, template: str, **fields: object) -> None:
        self.template = template
        self.fields = fields

    def text(self, word=_same) -> str:
        if not self.fields:  # a sentence without fields may hold braces of its own
            return word(self.template)
        values = {key: value.text(word) if isinstance(value, Words) else value for key, value in self.fields.items()}
        return word(self.template).format(**values)

    def __str__(self) -> str:
        return self.text()

    def __repr__(self) -> str:
        return f"Words({self.text()!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Words) and (self.template, self.fields) == (other.template, other.fields)

    def __hash__(self) -> int:
        return hash(self.text())

    def __reduce__(self):
        return _words, (self.template, self.fields)


def _words(template: str, fields: dict) -> Words:
    return Words(template, **fields)


class WordedError(ValueError):
    """A ValueError whose message is :class:`Words`: ``str(err)`` is the English, as before (the command
    line prints it), and ``err.words`` lets the window word it in its language. Every such message still
    names the bad value and what is allowed, in both languages."""

    def __init__(self, words: Words | str, **fields: object) -> None:
        self.words = words if isinstance(words, Words) else Words(words, **fields)
        super().__init__(self.words.text())

    def __reduce__(self):  # pickled by the worker process: rebuilt from the words, not from the English
        return type(self), (self.words,)


def words_of(err: BaseException) -> Words | None:
    """The words of an error, if it has them (a plain ValueError has not: it is shown as it is)."""
    words = getattr(err, "words", None)
    return words if isinstance(words, Words) else None
