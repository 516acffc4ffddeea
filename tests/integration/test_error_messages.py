"""A failed statement's error does not quote its parameters (they are names, phones and
addresses), so no log or page that shows the error can show them."""

from __future__ import annotations

import pytest
from sqlalchemy import exc, text

PHONE = "0815550199"  # invented


def test_a_failed_statement_does_not_quote_its_parameters(engine):
    with pytest.raises(exc.StatementError) as error, engine.begin() as connection:
        connection.execute(text("SELECT 1 FROM no_such_table WHERE phone = :phone"),
                           {"phone": PHONE})
    assert "no_such_table" in str(error.value)  # the statement is still named
    assert PHONE not in str(error.value)
