"""flowdeck: build automation workflows in the terminal and send them to vendors."""

__version__ = "0.1.0"
