"""Changes to accounts (API keys); each action runs in one transaction with its audit entry."""

from persondata.accounts.actions.api_keys import (
    USE_STAMP_INTERVAL,
    ApiKeyError,
    IssuedApiKey,
    create_api_key,
    record_api_key_use,
    revoke_api_key,
)

__all__ = [
    "USE_STAMP_INTERVAL",
    "ApiKeyError",
    "IssuedApiKey",
    "create_api_key",
    "record_api_key_use",
    "revoke_api_key",
]
