#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    # Local commands run the development profile unless told otherwise; the WSGI/ASGI entry
    # points have no such default, so a deployment fails closed (see factcheck/settings.py).
    os.environ.setdefault("FACTCHECK_ENV", "development")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
