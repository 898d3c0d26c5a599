"""What the experts app tells others about its changes.

``expert_renamed`` is sent after an expert's full name changed, with the
``instance``: whoever prints or searches by the name (the articles that carry
the byline) refreshes what it keeps.
"""

from django.dispatch import Signal

expert_renamed = Signal()
