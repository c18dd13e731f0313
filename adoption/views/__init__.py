"""Views of the change-management app, one module per page group."""
