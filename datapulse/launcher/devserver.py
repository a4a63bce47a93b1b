"""`python -m datapulse.launcher.devserver`: the API on Flask's server, for `--debug`.

No reloader: the launcher already restarts the API, and a reloader would add a second
process the launcher does not know about.
"""

from __future__ import annotations

from datapulse.api.app import create_app
from datapulse.settings import load_settings


def main() -> None:
    settings = load_settings()
    app = create_app(settings)
    app.run(host=settings.HOST, port=settings.FLASK_PORT, debug=True, use_reloader=False, threaded=True)


if __name__ == "__main__":
    main()
