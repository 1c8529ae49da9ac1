"""Email -> HTML and plain text: Jinja2 (autoescape) -> MJML -> mjml-python -> HTML steps.

`environment` finds and loads templates, `steps` is the one ordered list of HTML steps,
`utm` tags links, `compose` renders one email.
"""

from kapmail.render.compose import Rendered, render_email

__all__ = ["Rendered", "render_email"]
