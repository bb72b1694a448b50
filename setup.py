"""Only what pyproject.toml cannot say: the top-level ``resources/`` folder ships as ``villagedesk/resources``.

The product keeps seed data and translations at the repository root (tools and translators find them
there); a wheel must carry them inside the package, where ``villagedesk.paths.resources_dir`` looks in an
installed copy. ``[tool.setuptools.packages.find]`` cannot add a mapped folder, so the package list is
found here and extended by that one mapping. Everything else is in pyproject.toml.
"""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["villagedesk", "villagedesk.*"]), "villagedesk.resources"],
    package_dir={"villagedesk.resources": "resources"},
)
