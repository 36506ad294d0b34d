"""Security of the admin's sign-in: throttling of password guessing, two-step verification
with an authenticator app, and signing out idle sessions. See the README's "Security"."""
