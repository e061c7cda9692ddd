"""The portal's hand-off to the rest of the product.

``application_approved`` is sent once an approval is committed, with ``sender=Application``,
``application`` and ``by`` (the deciding officer). The Cases part opens the relocation case
from it; nothing in the portal depends on who listens.
"""

from __future__ import annotations

from django.dispatch import Signal

application_approved = Signal()
