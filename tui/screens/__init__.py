"""The app's screens, one module each; the builder and its dialogs load on first use."""
