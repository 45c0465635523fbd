# -*- coding: utf-8 -*-
"""Headless Chromium for the report's layout test: screenshots and layout facts, no extra Python package.

Layout facts come from ``--dump-dom``: the report is shown in an iframe of the width under
test (headless windows have a minimum width of 500 px, an iframe does not) through
``srcdoc``, so the probe page may read its document and writes what it measured into its own
DOM, which Chromium prints.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import html
import json
import os
import re
import shutil
import subprocess
import tempfile

NAMES = ('chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable')
# What works as root in a container: no sandbox, no GPU, nothing fetched in the background.
FLAGS = ('--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync',
         '--disable-dev-shm-usage', '--hide-scrollbars')
WHY_MISSING = ('no Chromium found (looked for %s, or CW_PSA_TEST_BROWSER): install the Debian package '
               '"chromium" (apt-get install -y chromium; .ci/run does this when it can)' % ', '.join(NAMES))

PROBE = '''<!DOCTYPE html>
<html><head><meta charset="utf-8"><style>body { margin: 0; } iframe { border: 0; display: block; }</style></head>
<body><iframe id="page" style="width: %(width)dpx; height: %(height)dpx" srcdoc="%(srcdoc)s"></iframe>
<script>
window.addEventListener('load', function () {
  var frame = document.getElementById('page'), doc = frame.contentDocument, scroller = doc.scrollingElement;
  var broken = [], wide = [], anchors = doc.querySelectorAll('a[href^="#"]');
  Array.prototype.forEach.call(anchors, function (link) {
    var id = decodeURIComponent(link.getAttribute('href').slice(1));
    if (!doc.getElementById(id)) { broken.push(id); }
  });
  Array.prototype.forEach.call(doc.querySelectorAll('body *'), function (element) {
    var box = element.getBoundingClientRect();
    if (box.right > scroller.clientWidth + 0.5) { wide.push(element.tagName.toLowerCase() + '.' + element.className); }
  });
  var out = document.createElement('pre');
  out.id = 'layout-facts';
  out.textContent = JSON.stringify({
    innerWidth: frame.contentWindow.innerWidth, clientWidth: scroller.clientWidth, scrollWidth: scroller.scrollWidth,
    anchors: anchors.length, broken: broken, wide: wide.slice(0, 20),
    viewport: !!doc.querySelector('meta[name="viewport"]'), checkboxes: doc.querySelectorAll('input[type="checkbox"]').length
  });
  document.body.appendChild(out);
});
</script></body></html>
'''


def find():
    """The path of a Chromium binary, or None."""
    wanted = os.environ.get('CW_PSA_TEST_BROWSER')
    if wanted:
        return shutil.which(wanted) or (wanted if os.access(wanted, os.X_OK) else None)
    for name in NAMES:
        path = shutil.which(name)
        if path:
            return path
    return None


def _run(browser, args, url, timeout=90):
    profile = tempfile.mkdtemp(prefix='chromium-profile-')     # a new empty profile each time
    try:
        command = [browser] + list(FLAGS) + ['--user-data-dir=%s' % profile] + list(args) + [url]
        done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout,
                              universal_newlines=True, check=False)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    return done


def screenshot(browser, page, png, width, height):
    """A PNG of ``page`` as a window of ``width`` x ``height`` CSS pixels shows it."""
    done = _run(browser, ['--window-size=%d,%d' % (width, height), '--screenshot=%s' % png],
                'file://' + os.path.abspath(page))
    if not os.path.isfile(png):
        raise AssertionError('no screenshot from %s (rc %s): %s' % (browser, done.returncode, done.stderr[-2000:]))
    return png


def layout_facts(browser, page, width, height=800, workdir=None):
    """What a ``width`` px wide viewport shows of ``page``: scroll widths, broken anchors, too-wide elements."""
    with open(page, encoding='utf-8') as stream:
        text = stream.read()
    workdir = workdir or os.path.dirname(os.path.abspath(page))
    probe = os.path.join(workdir, 'probe-%d.html' % width)
    with open(probe, 'w', encoding='utf-8') as stream:
        stream.write(PROBE % {'width': width, 'height': height, 'srcdoc': html.escape(text, quote=True)})
    done = _run(browser, ['--window-size=%d,%d' % (max(width, 800) + 40, height + 40), '--dump-dom'],
                'file://' + probe)
    found = re.search(r'<pre id="layout-facts">(.*?)</pre>', done.stdout, re.S)
    if not found:
        raise AssertionError('no layout facts from %s (rc %s): %s' % (browser, done.returncode, done.stderr[-2000:]))
    return json.loads(html.unescape(found.group(1)))
