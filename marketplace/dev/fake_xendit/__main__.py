"""`python -m marketplace.dev.fake_xendit`: serve the Xendit stand-in until interrupted."""
from __future__ import annotations

import argparse
import logging
import signal

from marketplace.dev.fake_xendit import FakeXendit


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=12112)
    parser.add_argument("--callback-url", default=None)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="fake-xendit: %(message)s")
    fake = FakeXendit(host=args.host, port=args.port, callback_url=args.callback_url).start()
    logging.info("serving on %s, callbacks to %s", fake.base_url, args.callback_url)
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt))
    try:
        signal.pause()
    except KeyboardInterrupt:
        pass
    finally:
        fake.stop()


if __name__ == "__main__":
    main()
