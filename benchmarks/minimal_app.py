"""The yardstick of the app benchmarks: the smallest Textual app that draws one line.

Start-up and memory figures of flowdeck are given as ratios to this, measured in
the same run, so they say what flowdeck adds on top of Textual itself.
"""

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.widgets import Static

LINE = "minimal Textual app"


class MinimalApp(App[None]):
    BINDINGS: ClassVar = [("ctrl+q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Static(LINE)


if __name__ == "__main__":
    MinimalApp().run()
