"""The WSGI entry point gunicorn serves: ``gunicorn wsgi:app``."""

from homegym import create_app

app = create_app()
