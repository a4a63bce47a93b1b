from tests.plugins.conftest import settings  # noqa: F401 - the same settings fixture
