"""The workspace's data version: one counter, raised by every transaction that writes.

Caches of things every viewer shares (the directory's filter lists) key on it, so any
write - whatever it changed - makes them read afresh, in this process and every other.
The count starts at a random value, so two databases (tests, benchmarks) served by one
process never share a version.
"""

from __future__ import annotations

import secrets

from sqlalchemy import BigInteger, event, insert
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db

ROW_ID = 1


class DataVersion(db.Model):
    __tablename__ = "data_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, default=0)


def first_version() -> int:
    return secrets.randbits(62)  # room to count up within a signed BIGINT


@event.listens_for(DataVersion.__table__, "after_create")
def _insert_the_row(table, connection, **_kw) -> None:
    connection.execute(insert(table).values(id=ROW_ID, value=first_version()))
