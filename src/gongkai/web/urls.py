"""No pages yet: the workbench's views come with a later issue."""

urlpatterns: list = []
