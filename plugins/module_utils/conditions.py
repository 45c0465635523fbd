# -*- coding: utf-8 -*-
# Copyright (c) 2026, msp.connectwise_psa contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Build PSA ``conditions`` query strings that cannot be injected into.

The vendor documents strings in double quotes but not how to escape a quote inside
one, so a value containing ``"`` is refused rather than guessed at.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

_FIELD = re.compile(r'^[A-Za-z_][A-Za-z0-9_]*(/[A-Za-z_][A-Za-z0-9_]*)*$')
_OPERATORS = ('=', '!=', '<', '<=', '>', '>=', 'contains', 'like')


class ConditionError(ValueError):
    """A value that cannot be placed in a condition safely."""


def literal(value):
    """The condition literal for a Python value: quoted string, bare number or boolean."""
    if isinstance(value, bool):
        return 'true' if value else 'false'
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        if '"' in value:
            raise ConditionError(
                'the value %r contains a double quote ("), which the PSA API gives no way to '
                'escape in a search; remove the quote from the name' % value)
        if any(ord(char) < 32 for char in value):
            raise ConditionError('the value %r contains a control character; remove it' % value)
        return '"%s"' % value
    raise ConditionError('cannot search on a value of type %s' % type(value).__name__)


def searchable(option, value):
    """Refuse, naming the module option, a value that cannot be searched for safely."""
    try:
        literal(value)
    except ConditionError as exc:
        raise ConditionError('%s: %s' % (option, exc))
    return value


def condition(field, value, operator='='):
    """One comparison, for example ``condition('securityRole/id', 5)`` -> ``securityRole/id=5``."""
    if not _FIELD.match(field):
        raise ConditionError('invalid field name %r in a condition' % field)
    if operator not in _OPERATORS:
        raise ConditionError('unsupported condition operator %r' % operator)
    separator = ' %s ' % operator if operator.isalpha() else operator
    return '%s%s%s' % (field, separator, literal(value))


def all_of(*conditions):
    """Join conditions with ``and``; each part is parenthesised so precedence cannot surprise."""
    parts = [part for part in conditions if part]
    if len(parts) == 1:
        return parts[0]
    return ' and '.join('(%s)' % part for part in parts)


def any_of(*conditions):
    """Join conditions with ``or``, each part parenthesised."""
    parts = [part for part in conditions if part]
    if len(parts) == 1:
        return parts[0]
    return ' or '.join('(%s)' % part for part in parts)
