"""The town-center server (FastAPI): the only package that touches FastAPI/uvicorn."""
