"""The Textual review app (``ocrfix review``): it renders a :class:`ocrfix.review.ReviewSession` and turns keys into calls.

Importing this package does not import Textual; :mod:`ocrfix.tui.app` does.
"""
