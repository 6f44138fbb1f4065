"""The Textual shell over the core: screens, widgets, styles."""
