"""Pages built on first use, so the main window starts with only what the agent sees first.

A page the window declares as ``name = LazyPage("_make_name")`` keeps a blank placeholder in the
navigation and the page stack until it is needed. Reading ``window.name`` (or navigating to it) calls the
factory once, which builds the page, wires its signals and starts its first load; the page then takes the
placeholder's place everywhere. Start-up skips both the imports and the widgets of pages not shown yet.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QStackedWidget, QWidget

Hook = Callable[[Any], None]


class LazyPage:
    """Class attribute of the window: returns the built page (or None if the factory declines)."""

    def __init__(self, factory: str) -> None:
        self.factory = factory
        self.name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, window: Any, owner: type | None = None) -> Any:
        if window is None:
            return self
        return window.lazy.get(self.name, getattr(window, self.factory))


class LazyPages:
    """The window's record of which lazy pages exist yet, their placeholders and who waits for them."""

    def __init__(self, window: Any) -> None:
        self.window = window
        self.built: dict[str, QWidget | None] = {}
        self.placeholders: dict[str, QWidget] = {}
        self.hooks: dict[str, list[Hook]] = {}
        self.on_built: Hook | None = None  # runs for every page once built (saved column widths)

    def placeholder(self, name: str) -> QWidget:
        """A blank stand-in for the navigation list and the stack until the page is built."""
        widget = QWidget()
        widget.setObjectName(f"placeholder-{name}")
        self.placeholders[name] = widget
        return widget

    def is_built(self, name: str) -> bool:
        return self.built.get(name) is not None

    def when_built(self, name: str, hook: Hook) -> None:
        """Run ``hook(page)`` once the page exists (now, if it already does) — for wiring signals."""
        page = self.built.get(name)
        if page is not None:
            hook(page)
        else:
            self.hooks.setdefault(name, []).append(hook)

    def resolve(self, widget: QWidget) -> QWidget:
        """The real page for a navigation entry (builds it if ``widget`` is still a placeholder)."""
        for name, holder in list(self.placeholders.items()):
            if holder is widget:
                return getattr(self.window, name)
        return widget

    def get(self, name: str, factory: Callable[[], QWidget | None]) -> Any:
        if name in self.built:
            return self.built[name]
        page = factory()
        self.built[name] = page
        if page is None:
            return None
        stack: QStackedWidget = self.window.stack
        holder = self.placeholders.pop(name, None)
        if holder is None:
            stack.addWidget(page)
        else:
            was_current = stack.currentWidget() is holder
            stack.insertWidget(stack.indexOf(holder), page)
            if was_current:
                stack.setCurrentWidget(page)
            stack.removeWidget(holder)
            holder.deleteLater()
            pages = self.window.pages
            for n, (label, entry) in enumerate(pages):
                if entry is holder:
                    pages[n] = (label, page)
        if self.on_built is not None:
            self.on_built(page)
        for hook in self.hooks.pop(name, []):
            hook(page)
        return page
