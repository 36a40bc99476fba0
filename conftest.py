"""Root fixtures shared by every app's tests.

Keys and the SQLite file go to a temporary folder so that tests never touch
./var/ of a developer's installation.
"""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("PERSONDATA_VAR_DIR", tempfile.mkdtemp(prefix="persondata-test-"))
