"""`python -m datapulse.api.serve.devserver`: the API on Flask's server, for `--debug`.

No reloader: the launcher already restarts the API, and a reloader would add a second
process the launcher does not know about. Flask's server has no worker hooks, so the
platform is started before serving and stopped when serving ends.
"""

from __future__ import annotations

from datapulse.api.app import create_app, platform_of
from datapulse.settings import load_settings


def main() -> None:
    settings = load_settings()
    app = create_app(settings)
    platform = platform_of(app)
    platform.start()
    try:
        app.run(host=settings.HOST, port=settings.FLASK_PORT, debug=True, use_reloader=False, threaded=True)
    finally:
        platform.stop()


if __name__ == "__main__":
    main()
