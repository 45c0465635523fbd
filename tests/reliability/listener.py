# -*- coding: utf-8 -*-
"""A second listener on 127.0.0.1 that records every connection: where credentials must never arrive."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import socket
import threading


class Listener(object):
    """Accepts on an ephemeral loopback port, keeps what each connection sent, closes it at once
    (so a client that did connect fails fast instead of waiting for an answer)."""

    def __init__(self):
        self._socket = socket.socket()
        self._socket.bind(('127.0.0.1', 0))
        self._socket.listen(16)
        self._socket.settimeout(0.2)
        self.port = self._socket.getsockname()[1]
        self.received = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc_info):
        self._stop.set()
        self._thread.join(5)
        self._socket.close()

    def _serve(self):
        while not self._stop.is_set():
            try:
                connection, _address = self._socket.accept()
            except (socket.timeout, OSError):
                continue
            with connection:
                connection.settimeout(0.5)
                try:
                    self.received.append(connection.recv(65536))
                except OSError:
                    self.received.append(b'')
