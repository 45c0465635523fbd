# -*- coding: utf-8 -*-
# Copyright (c) 2026, msp.connectwise_psa contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the msp.connectwise_psa collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
# See also: https://github.com/ansible/community/issues/539#issuecomment-780839686
# Please open an issue if you have questions about this.

"""Build PSA ``conditions`` query strings that cannot be injected into.

The vendor documents strings in double quotes but not how to escape a quote inside
one, so a value containing ``"`` is refused rather than guessed at; so is a backslash,
which such parsers read as the start of an escape.

:func:`name_option` is the one check of a name or reference option before any request:
empty, too long (as the PSA counts, in UTF-16 units) or holding a character that would
make the record impossible to find or misleading to read.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re
import unicodedata

from ansible_collections.msp.connectwise_psa.plugins.module_utils._errors import InputError

_FIELD = re.compile(r'^[A-Za-z_][A-Za-z0-9_]*(/[A-Za-z_][A-Za-z0-9_]*)*$')
_OPERATORS = ('=', '!=', '<', '<=', '>', '>=', 'contains', 'like')
# Control, format (bidi overrides, zero-width), line and paragraph separators: invisible, or
# reordering the text, in the web UI and in every step a person reads.
_INVISIBLE = {'Cc': 'a control character', 'Cf': 'an invisible format character',
              'Zl': 'a line separator', 'Zp': 'a paragraph separator'}
_SHOWN = 60   # characters of a refused value a message repeats


class ConditionError(InputError):
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
                'the value %s contains a double quote ("), which the PSA API gives no way to '
                'escape in a search; remove the quote from the name' % shown(value))
        unsafe = unsafe_character(value)
        if unsafe:
            raise ConditionError('the value %s contains %s; remove it' % (shown(value), unsafe))
        return '"%s"' % value
    raise ConditionError('cannot search on a value of type %s' % type(value).__name__)


def unsafe_character(value):
    """What is wrong with the first character of ``value`` a name cannot hold, or None."""
    for char in value:
        if char == '\\':
            return ('a backslash (\\), which the PSA reads as an escape in a search, so the record could '
                    'never be found by that name')
        category = unicodedata.category(char)
        if category in _INVISIBLE:
            return '%s (U+%04X)' % (_INVISIBLE[category], ord(char))
    return None


def shown(value):
    """``value`` as a message repeats it: escaped, and cut after 60 characters."""
    if len(value) <= _SHOWN:
        return repr(value)
    return '%r... (%d characters)' % (value[:_SHOWN], len(value))


def psa_length(value):
    """The length the PSA checks a maxLength against: UTF-16 code units (.NET strings)."""
    return len(value.encode('utf-16-le')) // 2


def name_option(option, value, maximum, empty_hint):
    """``value`` stripped, or ConditionError naming ``option`` and the fix, before any request.

    ``empty_hint`` says what to give instead of an empty value (for example the UI label).
    """
    if not isinstance(value, str):
        raise ConditionError('%s must be a string, got %r' % (option, value))
    searchable(option, value)   # before strip(), which would drop U+0085, U+2028 and U+2029 silently
    value = value.strip()
    if not value:
        raise ConditionError('%s is empty: %s' % (option, empty_hint))
    length = psa_length(value)
    if maximum is not None and length > maximum:
        raise ConditionError('%s %s is %d characters long; the PSA allows at most %d: shorten it'
                             % (option, shown(value), length, maximum))
    return value


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
