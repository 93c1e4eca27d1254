"""The demo shop's HTTP API, with Prometheus metrics and a small in-process cache."""

from __future__ import annotations

import json
import os
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from prometheus_client import CONTENT_TYPE_LATEST, Counter, Histogram, generate_latest

from shop.cart import CATALOGUE, Cart

REQUESTS = Counter("http_requests_total", "Requests served", ["route", "status"])
LATENCY = Histogram("http_request_duration_seconds", "Request latency", ["route"])
CACHE_HITS = Counter("cache_hits", "Product lookups served from the cache")
CACHE_MISSES = Counter("cache_misses", "Product lookups that missed the cache")

_cache: dict[str, dict[str, str]] = {}
_lock = threading.Lock()
_carts: dict[str, Cart] = {}
SLOW_MS = float(os.environ.get("SHOP_SLOW_MS", "5"))


def product(sku: str) -> dict[str, str] | None:
    """Look a product up, through the cache."""
    with _lock:
        if sku in _cache:
            CACHE_HITS.inc()
            return _cache[sku]
    CACHE_MISSES.inc()
    if sku not in CATALOGUE:
        return None
    time.sleep(SLOW_MS / 1000)  # the "database"
    found = {"sku": sku, "price": str(CATALOGUE[sku])}
    with _lock:
        _cache[sku] = found
    return found


class Handler(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def _send(self, route: str, status: int, body: object, content_type: str = "application/json") -> None:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        REQUESTS.labels(route, str(status)).inc()

    def do_GET(self) -> None:  # noqa: N802
        start = time.perf_counter()
        if self.path == "/metrics":
            self._send("/metrics", 200, generate_latest(), CONTENT_TYPE_LATEST)
            return
        if self.path.startswith("/products/"):
            found = product(self.path.removeprefix("/products/"))
            self._send("/products/{sku}", 200 if found else 404, found or {"error": "not found"})
        elif self.path == "/health":
            self._send("/health", 200, {"status": "ok"})
        else:
            self._send("other", 404, {"error": "not found"})
        LATENCY.labels(self.path.split("/")[1] or "root").observe(time.perf_counter() - start)

    def do_POST(self) -> None:  # noqa: N802
        length = int(self.headers.get("Content-Length") or 0)
        try:
            payload = json.loads(self.rfile.read(length) or b"{}")
            cart = _carts.setdefault(str(payload.get("cart", "default")), Cart())
            cart.add(str(payload["sku"]), int(payload.get("quantity", 1)))
        except (KeyError, ValueError, json.JSONDecodeError) as exc:
            self._send("/cart", 400, {"error": str(exc)})
            return
        self._send("/cart", 200, {"total": str(cart.total())})


def serve(port: int = 8080) -> ThreadingHTTPServer:
    """Start the server on 127.0.0.1 in a background thread and return it."""
    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


if __name__ == "__main__":
    running = serve(int(os.environ.get("PORT", "8080")))
    print(f"shop listening on 127.0.0.1:{running.server_port}", flush=True)
    threading.Event().wait()
