"""The mail a member gets about a password reset: the link itself, and "it was used".

With mail configured, the link goes to the member's own address and nowhere else; the
admin who asked for it never sees it. The second message tells the member their
password was changed, so a reset they did not ask for does not go unnoticed.
"""

from __future__ import annotations

from flask import current_app, url_for

from app.mail import mail_configured, send_mail
from app.services.password_resets import IssuedReset


def mail_link(issued: IssuedReset, actor_name: str) -> bool:
    """Send the reset link to the member; False when it could not be sent."""
    link = url_for("auth.reset_password", token=issued.token, _external=True)
    hours = current_app.config["RESET_VALID_HOURS"]
    body = (
        f"Hello {issued.member.display_name},\n\n"
        f"{actor_name}, an admin of your Teamshape workspace, asked for a password reset "
        f"for your account. Open this link to choose a new password (it works once, for "
        f"{hours} hours, and only this message holds it):\n\n{link}\n\n"
        "If you did not ask for this, you can ignore this message: your password stays "
        "as it is. You will also see this on your next sign-in.\n"
    )
    return send_mail(issued.member.email, "Your Teamshape password reset link", body)


def mail_reset_used(email: str, display_name: str) -> None:
    """Tell the member their password was just changed through a reset link."""
    if not mail_configured():
        return
    body = (
        f"Hello {display_name},\n\n"
        "The password of your Teamshape account was just changed through a reset link, "
        "and every device signed in to it was signed out. If that was not you, tell "
        "your workspace's admins at once.\n"
    )
    send_mail(email, "Your Teamshape password was changed", body)
