"""What every page shares: the sidebar, the copy-link button, style, the window's size, numbers, callbacks."""
