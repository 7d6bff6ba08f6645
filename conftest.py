# The personas and fixtures every app's tests share live in duban/test.py.
pytest_plugins = ["duban.test"]
