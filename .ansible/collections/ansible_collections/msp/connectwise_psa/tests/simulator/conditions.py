"""Parser and evaluator for the PSA `conditions` query language (a documented subset).

Grammar: expr := term (OR term)* ; term := factor (AND factor)* ;
factor := "(" expr ")" | field op value | field [not] (contains|like) value
        | field [not] in "(" value ("," value)* ")"
Values: "double-quoted" strings (no escapes: the vendor does not document any, so a
backslash-quote or stray quote is refused), integers/decimals, true/false/null, [dates].
String comparison is case-insensitive like the real server's SQL collation. Anything
outside this subset raises ConditionError (-> 400): never silently ignored.
"""
import re


class ConditionError(ValueError):
    pass


_TOKEN_RE = re.compile(r"""
    (?P<ws>\s+)
  | (?P<lpar>\()
  | (?P<rpar>\))
  | (?P<comma>,)
  | (?P<op><=|>=|!=|<>|=|<|>)
  | (?P<date>\[[^\[\]"]*\])
  | (?P<num>-?\d+(?:\.\d+)?)(?![A-Za-z_/])
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*(?:/[A-Za-z_][A-Za-z0-9_]*)*)
""", re.VERBOSE)

KEYWORDS = {"and", "or", "not", "contains", "like", "in", "true", "false", "null"}


def tokenize(text):
    tokens, i, n = [], 0, len(text)
    while i < n:
        ch = text[i]
        if ch == '"':
            end = text.find('"', i + 1)
            if end < 0:
                raise ConditionError(f"unterminated string at position {i}")
            value = text[i + 1:end]
            if "\\" in value:
                raise ConditionError("escape sequences inside strings are not supported")
            # A closing quote must be followed by a delimiter; otherwise it was a stray quote.
            if end + 1 < n and not re.match(r"[\s(),]", text[end + 1]):
                raise ConditionError(f"unexpected quote at position {end}")
            tokens.append(("str", value))
            i = end + 1
            continue
        m = _TOKEN_RE.match(text, i)
        if not m:
            raise ConditionError(f"cannot parse conditions at position {i}: {text[i:i + 20]!r}")
        kind = m.lastgroup
        val = m.group(kind)
        i = m.end()
        if kind == "ws":
            continue
        if kind == "word" and val.lower() in KEYWORDS:
            tokens.append(("kw", val.lower()))
        elif kind == "num":
            tokens.append(("num", float(val) if "." in val else int(val)))
        elif kind == "date":
            tokens.append(("date", val[1:-1].strip()))
        elif kind == "op":
            tokens.append(("op", "!=" if val == "<>" else val))
        else:
            tokens.append((kind, val))
    return tokens


class _Parser:
    def __init__(self, tokens, field_type):
        self.toks, self.pos, self.field_type = tokens, 0, field_type

    def peek(self):
        return self.toks[self.pos] if self.pos < len(self.toks) else (None, None)

    def take(self, kind=None, value=None):
        tok = self.peek()
        if tok[0] is None or (kind and tok[0] != kind) or (value and tok[1] != value):
            want = value or kind or "token"
            raise ConditionError(f"expected {want} but found {tok[1]!r}" if tok[0] else f"expected {want} at end")
        self.pos += 1
        return tok

    def parse(self):
        if not self.toks:
            raise ConditionError("empty conditions")
        node = self.expr()
        if self.pos != len(self.toks):
            raise ConditionError(f"unexpected {self.peek()[1]!r}")
        return node

    def expr(self):
        node = self.term()
        while self.peek() == ("kw", "or"):
            self.pos += 1
            node = ("or", node, self.term())
        return node

    def term(self):
        node = self.factor()
        while self.peek() == ("kw", "and"):
            self.pos += 1
            node = ("and", node, self.factor())
        return node

    def factor(self):
        if self.peek()[0] == "lpar":
            self.pos += 1
            node = self.expr()
            self.take("rpar")
            return node
        field = self.take("word")[1]
        ftype = self.field_type(field) if self.field_type else None
        negate = False
        if self.peek() == ("kw", "not"):
            self.pos += 1
            negate = True
        kind, op = self.peek()
        if kind == "op" and not negate:
            self.pos += 1
            return ("cmp", field, op, self.value(field, ftype))
        if kind == "kw" and op in ("contains", "like"):
            self.pos += 1
            val = self.value(field, ftype)
            if not isinstance(val, str):
                raise ConditionError(f"{op} needs a string value for {field}")
            return ("not", ("cmp", field, op, val)) if negate else ("cmp", field, op, val)
        if kind == "kw" and op == "in":
            self.pos += 1
            self.take("lpar")
            vals = [self.value(field, ftype)]
            while self.peek()[0] == "comma":
                self.pos += 1
                vals.append(self.value(field, ftype))
            self.take("rpar")
            node = ("in", field, vals)
            return ("not", node) if negate else node
        raise ConditionError(f"expected an operator after {field}")

    def value(self, field, ftype):
        kind, val = self.peek()
        if kind in ("str", "num", "date"):
            self.pos += 1
        elif kind == "kw" and val in ("true", "false", "null"):
            self.pos += 1
            val = {"true": True, "false": False, "null": None}[val]
            kind = "bool" if val is not None else "null"
        else:
            raise ConditionError(f"expected a value for {field}")
        # Refuse mismatched types instead of silently matching nothing.
        if ftype and kind != "null":
            ok = {"string": ("str", "date"), "integer": ("num",), "number": ("num",),
                  "boolean": ("bool",)}.get(ftype)
            if ok and kind not in ok:
                raise ConditionError(f"value {val!r} has the wrong type for {field} ({ftype})")
        return val


def parse(text, field_type=None):
    """Parse conditions into an AST. field_type(path) returns the field's type or raises."""
    return _Parser(tokenize(text), field_type).parse()


def get_path(record, path):
    cur = record
    for part in path.split("/"):
        if not isinstance(cur, dict):
            return None
        cur = cur.get(part)
    return cur


def _norm(v):
    return v.casefold() if isinstance(v, str) else v


def _eq(a, b):
    if b is None or a is None:
        return a is None and b is None
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    return _norm(a) == _norm(b)


def _cmp(a, b, op):
    if op == "=":
        return _eq(a, b)
    if op == "!=":
        return not _eq(a, b)
    if op == "contains":
        return isinstance(a, str) and b.casefold() in a.casefold()
    if op == "like":
        if not isinstance(a, str):
            return False
        rx = "".join(".*" if c in "*%" else re.escape(c) for c in b)
        return re.fullmatch(rx, a, re.IGNORECASE | re.DOTALL) is not None
    if a is None or b is None:
        return False
    a, b = _norm(a), _norm(b)
    if isinstance(a, str) != isinstance(b, str):
        return False
    return {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[op]


def evaluate(node, record):
    kind = node[0]
    if kind == "and":
        return evaluate(node[1], record) and evaluate(node[2], record)
    if kind == "or":
        return evaluate(node[1], record) or evaluate(node[2], record)
    if kind == "not":
        return not evaluate(node[1], record)
    if kind == "in":
        val = get_path(record, node[1])
        return any(_eq(val, v) for v in node[2])
    _kind, field, op, value = node
    return _cmp(get_path(record, field), value, op)
