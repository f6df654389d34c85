from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """Hook point for allauth: Cercle-specific sign-up and email behaviour lives here."""
