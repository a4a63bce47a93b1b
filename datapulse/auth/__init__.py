"""Users, roles, sign-in and who may see what (SPEC 11).

`principal` names who is asking; `access` decides what they may read and change (the
one place: a filter every ORM query of the API gets, and `can_read` / `can_write` for
single objects); `service` signs in, rotates and revokes, and manages users and tokens.
"""
