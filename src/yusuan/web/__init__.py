"""Web: the FastAPI app for reviewers and readers (``yusuan serve``).

Pages in Chinese (list, budget with tables, findings and charts, comparison, upload) and the
same data as JSON under ``/api/``.  A thin shell over store, compile, render, audit and parse.
"""

from yusuan.web.app import create_app
from yusuan.web.config import Settings

__all__ = ["Settings", "create_app"]
