"""Changes to accounts: API keys, staff accounts and their second factor.

Each action runs in one transaction and writes its audit entry in it.
Changes to a user's groups, permissions or staff flags are audited by the
receivers in ``accounts/audit_signals.py`` (whoever makes them: these
actions, the admin site or a shell), naming the actor set by ``acting_as``.
"""

from persondata.accounts.actions.api_keys import (
    USE_STAMP_INTERVAL,
    ApiKeyError,
    IssuedApiKey,
    create_api_key,
    record_api_key_use,
    revoke_api_key,
)
from persondata.accounts.actions.second_factor import (
    RECOVERY_CODE_COUNT,
    SecondFactorError,
    confirm_totp_enrolment,
    generate_recovery_codes,
    start_totp_enrolment,
    verify_second_factor,
)
from persondata.accounts.actions.staff import (
    PasswordChangeLocked,
    StaffAccountError,
    WrongCurrentPassword,
    change_own_password,
    create_staff_user,
    deactivate_staff_user,
    reset_second_factor,
    set_staff_role,
)

__all__ = [
    "RECOVERY_CODE_COUNT",
    "USE_STAMP_INTERVAL",
    "ApiKeyError",
    "IssuedApiKey",
    "PasswordChangeLocked",
    "SecondFactorError",
    "StaffAccountError",
    "WrongCurrentPassword",
    "change_own_password",
    "confirm_totp_enrolment",
    "create_api_key",
    "create_staff_user",
    "deactivate_staff_user",
    "generate_recovery_codes",
    "record_api_key_use",
    "reset_second_factor",
    "revoke_api_key",
    "set_staff_role",
    "start_totp_enrolment",
    "verify_second_factor",
]
