"""PACT v3 data exchange: what the PACT views, the CLI and the job layer may call.

Host side (data owner): buyers' clients and tokens, footprints built from certified labels,
events in. Outbound: registered partners and the callbacks that answer requests.
"""

from service.services.pact.callbacks import (
    Delivery,
    finish_answer,
    prepare_answer,
    record_attempt,
)
from service.services.pact.clients import (
    TOKEN_LIFETIME,
    IssuedToken,
    authenticate,
    create_client,
    create_own_client,
    issue_token,
    list_clients,
    revoke_client,
)
from service.services.pact.errors import (
    AccessDenied,
    BadRequest,
    InvalidToken,
    NotFound,
    OAuthError,
    PactError,
    TokenExpired,
)
from service.services.pact.events import CALLBACK_JOB, receive_event
from service.services.pact.footprints import (
    EXTENSION_PATH,
    build_footprint,
    get_footprint,
    label_rows,
    list_footprints,
)
from service.services.pact.outbound import DeliveryFailed, post_event
from service.services.pact.outbound import get_footprint as get_partner_footprint
from service.services.pact.partners import add_partner
from service.services.pact.refresh import Refresh, refresh_plan, store_refreshed
from service.services.pact.suppliers import pull_footprints, receive_footprint, supplier_lookup

__all__ = [
    "CALLBACK_JOB",
    "EXTENSION_PATH",
    "TOKEN_LIFETIME",
    "AccessDenied",
    "BadRequest",
    "Delivery",
    "DeliveryFailed",
    "InvalidToken",
    "IssuedToken",
    "NotFound",
    "OAuthError",
    "PactError",
    "Refresh",
    "TokenExpired",
    "add_partner",
    "authenticate",
    "build_footprint",
    "create_client",
    "create_own_client",
    "finish_answer",
    "get_footprint",
    "get_partner_footprint",
    "issue_token",
    "label_rows",
    "list_clients",
    "list_footprints",
    "post_event",
    "prepare_answer",
    "pull_footprints",
    "receive_event",
    "receive_footprint",
    "record_attempt",
    "refresh_plan",
    "revoke_client",
    "store_refreshed",
    "supplier_lookup",
]
