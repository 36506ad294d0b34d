"""A few values kept by key, those used last: what a job reads several times is parsed once,
and a worker of many sites does not hold every site's."""

import threading
from collections import OrderedDict


class RecentlyUsed:
    """The ``size`` values used last, by key; safe to share between threads."""

    def __init__(self, size: int):
        self.size = size
        self._values = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            value = self._values.get(key)
            if value is not None:
                self._values.move_to_end(key)
            return value

    def put(self, key, value) -> None:
        with self._lock:
            self._values[key] = value
            self._values.move_to_end(key)
            while len(self._values) > self.size:
                self._values.popitem(last=False)
