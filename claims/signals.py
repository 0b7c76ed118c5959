"""Domain events the verdict services send once a workflow step is complete.

Sent inside the step's transaction, after everything the step writes (status, evidence
snapshot, claim status), so a receiver reads the fact-check exactly as readers will see it;
``post_save`` on the verdict row fires halfway through the step, before the evidence snapshot
exists. ``event`` is "verdict.published", "verdict.corrected" or "verdict.retracted".
"""

from django.dispatch import Signal

verdict_event = Signal()  # kwargs: verdict, event
