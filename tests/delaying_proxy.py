"""A TCP proxy on loopback whose replies can be held back (a slow or frozen Redis)."""

import contextlib
import socket
import threading
import time


class DelayingProxy:
    """Forwards ``127.0.0.1:<port>`` to ``target``; each reply waits ``delay`` seconds.

    ``port`` 0 takes any free port (the tests); ``bench/reliability.py`` gives its own.
    """

    def __init__(self, target=("127.0.0.1", 6379), port=0):
        self.target = target
        self.delay = 0.0
        self.server = socket.create_server(("127.0.0.1", port))
        self.port = self.server.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _ = self.server.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target, timeout=5)
                upstream.settimeout(None)
            except OSError:
                client.close()
                continue
            for source, target, delayed in ((client, upstream, False), (upstream, client, True)):
                threading.Thread(
                    target=self._pump, args=(source, target, delayed), daemon=True
                ).start()

    def _pump(self, source, target, delayed):
        try:
            while chunk := source.recv(65536):
                if delayed and self.delay:
                    time.sleep(self.delay)
                target.sendall(chunk)
        except OSError:
            pass
        finally:
            for end in (source, target):
                with contextlib.suppress(OSError):
                    end.close()

    def close(self):
        self.server.close()
