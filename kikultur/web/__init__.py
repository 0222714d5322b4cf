"""The web app: FastAPI factory, routers by work area, Jinja templates, static files."""
