"""``villagedesk-server``'s entry point: the server CLI, or one clear line when the ``server`` extra is missing.

The desktop install (``pip install villagedesk``) also gets the ``villagedesk-server`` command, but not
FastAPI, uvicorn or psycopg; without this guard ``serve`` dies with a ModuleNotFoundError traceback.
Kept outside ``villagedesk.server`` so that the message comes even when that package cannot be imported.
"""

from __future__ import annotations

import sys

# Top-level import names of the ``server`` extra in pyproject.toml.
SERVER_EXTRA = {"fastapi", "starlette", "pydantic", "pydantic_core", "uvicorn", "httptools", "uvloop", "psycopg"}
HINT = (
    "错误: 镇中心服务器需要 server 组件 (缺少 {name})。请安装: "
    'python3 -m pip install "villagedesk[server]" (在源码目录中: python3 -m pip install -e ".[server]")'
)


def main(argv: list[str] | None = None) -> int:
    try:
        from villagedesk.server.cli import main as server_main

        return server_main(argv)
    except ModuleNotFoundError as exc:
        root = (exc.name or "").split(".")[0]
        if root not in SERVER_EXTRA:
            raise
        print(HINT.format(name=root), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
