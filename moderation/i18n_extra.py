"""Strings moderation added to other apps' files (blocks, suspensions), kept in this catalogue
so that they are translated before those apps have catalogues of their own."""

from django.utils.translation import gettext_noop

STRINGS = [
    gettext_noop("This listing is not available."),
    gettext_noop("You can no longer write in this conversation."),
    gettext_noop("You cannot block yourself."),
    gettext_noop("suspended"),
    gettext_noop("suspended until"),
    gettext_noop("reason for the suspension"),
    gettext_noop("block"),
    gettext_noop("blocks"),
    gettext_noop("blocked member"),
    gettext_noop("blocked on"),
    gettext_noop("Report"),
    gettext_noop("Report this member"),
    gettext_noop("Block this member"),
]
