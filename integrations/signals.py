"""Webhook triggers (connected in IntegrationsConfig.ready)."""
