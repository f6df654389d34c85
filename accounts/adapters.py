from allauth.account.adapter import DefaultAccountAdapter

from .emails import email_subject


class AccountAdapter(DefaultAccountAdapter):
    """Hook point for allauth: Cercle-specific sign-up and email behaviour lives here."""

    def format_email_subject(self, subject: str) -> str:
        """allauth's emails (verification, password reset) get their subject like ours."""
        return email_subject(super().format_email_subject(subject))
