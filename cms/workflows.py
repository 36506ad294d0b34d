"""What happens when the "Penerbitan produk" (product publication) workflow is approved.

Named by the WAGTAIL_FINISH_WORKFLOW_ACTION setting.

Imported while Wagtail's models load, so it must not import models at module level.
"""


def publish_approved_revision(workflow_state, user=None):
    """Publish the revision the reviewers approved, in the approver's name.

    Wagtail's default publishes whatever revision is latest, checked against the approver's
    publish permission. Here publishing is not a permission anyone holds outside the workflow
    (cms/permissions.py): approval of the last task is the permission.
    """
    approved_revision = workflow_state.current_task_state.revision
    approved_revision.publish(user=user, skip_permission_checks=True)
