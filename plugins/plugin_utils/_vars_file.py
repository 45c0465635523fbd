# -*- coding: utf-8 -*-
# Copyright (c) 2026, msp.connectwise_psa contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the msp.connectwise_psa collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
# See also: https://github.com/ansible/community/issues/539#issuecomment-780839686
# Please open an issue if you have questions about this.

"""Edit top-level variables of a YAML vars file in place, and replace the file atomically.

A person's host_vars file holds more than the collection's variables, with comments. The edit
touches only the lines of the variables it sets or removes (each top-level key with its indented
lines); every other line stays byte for byte. The result is read back and compared with the
original, so a file this line model cannot edit safely is refused rather than changed.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import re
import tempfile

import yaml

TOP_LEVEL_KEY = re.compile(r'^(?P<key>[A-Za-z_][A-Za-z0-9_]*)[ \t]*:(?:[ \t]|$)')
NEW_FILE_MODE = 0o600


class VarsFileError(Exception):
    """The file cannot be read or edited safely; the message names the file and the fix."""


class Vaulted(object):
    """A ``!vault`` value as written in the file: its ciphertext, never decrypted here."""

    def __init__(self, ciphertext):
        self.ciphertext = ciphertext

    def __eq__(self, other):
        return isinstance(other, Vaulted) and other.ciphertext == self.ciphertext

    def __ne__(self, other):
        return not self == other

    def __hash__(self):
        return hash(self.ciphertext)


class _Loader(yaml.SafeLoader):
    """Reads Ansible's tags: ``!vault`` values stay ciphertext, ``!unsafe`` ones plain strings."""


_Loader.add_constructor('!vault', lambda loader, node: Vaulted(loader.construct_scalar(node)))
_Loader.add_constructor('!unsafe', lambda loader, node: loader.construct_scalar(node))


def parse(text, path):
    """The file's variables, ``!vault`` values as :class:`Vaulted`; an empty file has none."""
    if text.lstrip().startswith('$ANSIBLE_VAULT'):
        raise VarsFileError('%s is encrypted as a whole: the collection writes inline-vaulted values into a plain '
                            'YAML file; keep this file and set cw_psa_key_file to another file (for example '
                            'host_vars/<tenant>/acct_sync_key.yml)' % path)
    try:
        data = yaml.load(text, Loader=_Loader)   # noqa: S506 - a SafeLoader with two scalar tags
    except yaml.YAMLError as exc:
        raise VarsFileError('%s is not valid YAML (%s): fix it or set cw_psa_key_file to another file'
                            % (path, str(exc).splitlines()[0]))
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise VarsFileError('%s does not hold a mapping of variables: set cw_psa_key_file to another file' % path)
    return data


def vaulted_block(key, envelope):
    """``key: !vault |`` and the vault envelope, indented as ansible-vault encrypt_string writes it."""
    lines = envelope.strip().splitlines()
    return '%s: !vault |\n%s\n' % (key, '\n'.join('          ' + line for line in lines))


def plain_block(key, value):
    return yaml.safe_dump({key: value}, default_flow_style=False, sort_keys=False)


def _blocks(text):
    """[(key or None, lines)]: each top-level key with its indented and blank lines; other lines on their own."""
    blocks = []
    for line in text.splitlines(True):
        match = TOP_LEVEL_KEY.match(line)
        if match:
            blocks.append((match.group('key'), [line]))
        elif blocks and (not line.strip() or line[:1] in (' ', '\t')):
            blocks[-1][1].append(line)
        else:
            blocks.append((None, [line]))
    return blocks


def _split_trailing_blank(lines):
    end = len(lines)
    while end and not lines[end - 1].strip():
        end -= 1
    return lines[:end], lines[end:]


def edit(text, changes, header=''):
    """The text with each key of ``changes`` set to its block (text) or removed (None); new keys go last."""
    blocks, done, out = _blocks(text), set(), []
    for key, lines in blocks:
        if key is None or key not in changes:
            out.extend(lines)
            continue
        _body, blank = _split_trailing_blank(lines)
        if key not in done and changes[key] is not None:
            out.append(changes[key])
        out.extend(blank)
        done.add(key)
    if not text.strip() and header:
        out.insert(0, header)
    new = [changes[key] for key in changes if key not in done and changes[key] is not None]
    if new and out and not out[-1].endswith('\n'):
        out[-1] += '\n'
    return ''.join(out + new)


def checked_edit(text, changes, path, header=''):
    """:func:`edit`, proven: every other variable reads back the same, each changed one as given."""
    before = parse(text, path)
    after_text = edit(text, changes, header)
    try:
        after = parse(after_text, path)
    except VarsFileError:
        after = None
    kept = dict((key, value) for key, value in before.items() if key not in changes)
    if after is None or dict((key, value) for key, value in after.items() if key not in changes) != kept or \
            any((key in after) != (block is not None) for key, block in changes.items()):
        raise VarsFileError('%s has a layout the collection cannot edit without touching other variables (for '
                            'example a flow mapping or a quoted key): move its variables to block style, or set '
                            'cw_psa_key_file to another file' % path)
    return after_text


def read(path):
    """The file's text and mode; ('', None) when it does not exist yet."""
    try:
        with open(path, 'r') as stream:
            text = stream.read()
        return text, os.stat(path).st_mode & 0o7777
    except (IOError, OSError) as exc:
        if not os.path.exists(path):
            return '', None
        raise VarsFileError('cannot read %s: %s' % (path, exc.strerror or exc))


def replace(path, text, mode=None):
    """Write ``text`` to a hidden temp file beside ``path``, then rename it over ``path``.

    The rename is atomic: a run cut off at any point leaves either the old file whole or the new one.
    The temp name starts with a dot, which Ansible's host_vars loading skips, so a leftover one is inert.
    The file keeps its mode (a new file gets 0600).
    """
    directory = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(directory):
        os.makedirs(directory, 0o750)
    handle, temp = tempfile.mkstemp(dir=directory, prefix='.%s.' % os.path.basename(path), suffix='.tmp')
    try:
        with os.fdopen(handle, 'w') as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp, NEW_FILE_MODE if mode is None else mode)
        os.replace(temp, path)
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)        # the rename itself survives a power cut
    except OSError:
        pass
    finally:
        os.close(fd)
