"""How the newsroom names a colleague on screen."""


def person_name(user):
    """The full name ("Aysel Məmmədova"), or the login when no name is given."""
    return user.get_full_name() or user.get_username()
