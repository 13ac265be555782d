"""A real OpenAI-compatible HTTP server on loopback for wire-format tests: it speaks
``/v1/chat/completions`` (JSON and SSE streaming) from a script of behaviours."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class ScriptedOpenAIServer:
    """``mode``: 'ok' streams ``reply``; 'error' answers HTTP 500; 'hang' never answers;
    'stall' streams the first ``stall_after`` words and then goes silent with the stream open;
    'trickle' streams word after word forever, one every ``token_delay`` seconds.
    ``/v1/embeddings`` answers a fixed vector per input and records the inputs (``embedded``).
    ``token_delay``: seconds between streamed words (a fixed token rate, for benchmarks)."""

    def __init__(
        self,
        reply: str = "Hello from the local server [1].",
        mode: str = "ok",
        token_delay: float = 0.0,
        stall_after: int = 3,
    ):
        self.reply, self.mode, self.requests, self.token_delay = reply, mode, [], token_delay
        self.stall_after = stall_after
        self.embedded: list[str] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep test output clean
                pass

            def _json(self, payload: dict) -> None:
                data = json.dumps(payload).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _embeddings(self, body: dict) -> None:
                texts = body["input"] if isinstance(body["input"], list) else [body["input"]]
                outer.embedded.extend(texts)
                vectors = [
                    {"object": "embedding", "index": i, "embedding": [0.1, 0.2, 0.3]}
                    for i in range(len(texts))
                ]
                usage = {"prompt_tokens": 1, "total_tokens": 1}
                self._json({"object": "list", "data": vectors, "model": body["model"], "usage": usage})

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                outer.requests.append(
                    {"path": self.path, "body": body, "auth": self.headers.get("Authorization")}
                )
                if outer.mode == "hang":
                    time.sleep(30)
                    return
                if self.path.endswith("/embeddings"):
                    self._embeddings(body)
                    return
                if outer.mode == "error":
                    self.send_response(500)
                    self.send_header("Content-Type", "application/json")
                    self.end_headers()
                    self.wfile.write(b'{"error": {"message": "model crashed", "type": "server_error"}}')
                    return
                words = outer.reply.split(" ")
                if outer.mode == "trickle":
                    words = words * 10_000  # never finishes in any test
                if body.get("stream"):
                    self.send_response(200)
                    self.send_header("Content-Type", "text/event-stream")
                    self.end_headers()
                    for i, word in enumerate(words):
                        if outer.mode == "stall" and i == outer.stall_after:
                            time.sleep(30)  # silent, the stream left open
                            return
                        if outer.token_delay:
                            time.sleep(outer.token_delay)
                        delta = {"content": word + (" " if i < len(words) - 1 else "")}
                        chunk = {
                            "id": "c1",
                            "object": "chat.completion.chunk",
                            "created": 0,
                            "model": body.get("model", "m"),
                            "choices": [{"index": 0, "delta": delta, "finish_reason": None}],
                        }
                        try:
                            self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                            self.wfile.flush()
                        except (BrokenPipeError, ConnectionResetError):
                            return  # the client gave up (a timeout): nothing to report
                    self.wfile.write(b"data: [DONE]\n\n")
                    return
                payload = {
                    "id": "c1",
                    "object": "chat.completion",
                    "created": 0,
                    "model": body.get("model", "m"),
                    "choices": [
                        {
                            "index": 0,
                            "message": {"role": "assistant", "content": outer.reply},
                            "finish_reason": "stop",
                        }
                    ],
                    "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
                }
                self._json(payload)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
