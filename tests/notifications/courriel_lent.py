"""An e-mail backend for the real-worker tests: SMTP latency simulated, mails kept in files.

Used only by the worker subprocesses of `test_worker_reel.py` (EMAIL_BACKEND in their environment)."""

import os
import time

from django.core.mail.backends import filebased


class EmailBackend(filebased.EmailBackend):
    def send_messages(self, email_messages):
        time.sleep(float(os.environ.get("COURRIEL_LENT_SECONDES", "0.5")))
        return super().send_messages(email_messages)
