"""The bottom line of every screen: the keys the screen answers to now, drawn as one line.

Textual's Footer mounts a widget per key and restyles each one whenever the bindings
change; that took 0.2 s of a 1 s start and again on every screen opened. This draws the
same hints (one per action, in binding order, disabled ones dimmed) as a single line.
"""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget


class KeyHints(Widget):
    """The current screen's keys, drawn on one line at the bottom (as Textual's Footer, without
    its widgets per key: one line, drawn in one go).

    | Class | Description |
    | :- | :- |
    | `key-hints--key` | A key. |
    | `key-hints--description` | What it does. |
    | `key-hints--disabled` | A key that does nothing here now. |
    """

    COMPONENT_CLASSES = {"key-hints--key", "key-hints--description", "key-hints--disabled"}
    DEFAULT_CSS = """
    KeyHints {
        dock: bottom;
        height: 1;
        background: $footer-background;
        color: $footer-description-foreground;
    }
    KeyHints > .key-hints--key {
        color: $footer-key-foreground;
        background: $footer-key-background;
        text-style: bold;
    }
    KeyHints > .key-hints--description {
        color: $footer-description-foreground;
    }
    KeyHints > .key-hints--disabled {
        color: $text-disabled;
    }
    """

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, _screen: object) -> None:
        self.refresh()

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-hints--key")
        description_style = self.get_component_rich_style("key-hints--description")
        disabled_style = self.get_component_rich_style("key-hints--disabled")
        line = Text(no_wrap=True, overflow="ellipsis", end="")
        active_bindings = self.screen.active_bindings
        palette = active_bindings.get(self.app.COMMAND_PALETTE_BINDING) if self.app.ENABLE_COMMAND_PALETTE else None
        shown_actions: set[str] = set()
        for active in [*active_bindings.values(), *([palette] if palette else [])]:
            binding = active.binding
            if (not binding.show and active is not palette) or binding.action in shown_actions:
                continue
            shown_actions.add(binding.action)
            line.append(f" {self.app.get_key_display(binding)} ", key_style if active.enabled else disabled_style)
            line.append(f"{binding.description} ", description_style if active.enabled else disabled_style)
        return line
