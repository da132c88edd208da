"""Routes for the emulated account: /account/users and /user."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from formify.testing._routes.http import answer, api, ctx


@api
async def account_users(request: Request) -> Response:
    """GET /account/users: the owner (active) and one invited user."""
    store = ctx(request).store
    user = store.user
    return answer(
        {
            "users": [
                {
                    "userId": user["userId"],
                    "email": user["emailAddress"],
                    "firstName": user["firstName"],
                    "lastName": user["lastName"],
                    "fullName": f"{user['firstName']} {user['lastName']}",
                    "roles": ["owner", "admin"],
                    "status": "active",
                },
                {
                    "userId": store.invited_user_id,
                    "email": "invited@example.com",
                    "firstName": "Ivan",
                    "lastName": "Invited",
                    "fullName": None,
                    "roles": ["user"],
                    "status": "invited",
                },
            ]
        }
    )


@api
async def get_user(request: Request) -> Response:
    """GET /user."""
    store = ctx(request).store
    user = store.user
    return answer(
        {
            **user,
            "fullName": f"{user['firstName']} {user['lastName']}",
            "accountId": store.account_id,
            "accountName": store.account_name,
        }
    )
