"""The window's pages (one module per page or page family) and how they are built on first use."""
