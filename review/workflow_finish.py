"""``WAGTAIL_FINISH_WORKFLOW_ACTION`` target. Wagtail imports it while ``wagtail.models`` is
still loading, so it defers importing the medical review module until it is called."""


def publish_approved_revision(workflow_state, user=None):
    from review.gate import publish_approved_revision as publish

    return publish(workflow_state, user=user)
