"""How every form of the site is drawn: ``settings.FORM_RENDERER``."""

from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """Forms render through the project's template settings, so that one field template
    (``templates/partials/field.html``) draws every ``{{ form }}`` and ``{{ field.as_field_group }}``
    of the site, and one form template (``partials/form.html``) puts them together. Widgets are
    Django's own (``django.forms`` is an installed app for their templates)."""

    form_template_name = "partials/form.html"
    field_template_name = "partials/field.html"
