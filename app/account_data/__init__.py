"""Settings pages that give members control of their data: export, deletion, API tokens."""
