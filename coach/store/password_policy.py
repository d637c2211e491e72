"""Which new passwords are accepted: NIST SP 800-63B section 5.1.1.2 (memorized secrets).

* Length: at least :data:`MIN_STAFF_LENGTH` characters for therapists and admins (they see
  every linked patient's health data), :data:`MIN_PATIENT_LENGTH` for patients; at most
  :data:`MAX_LENGTH`. Any character is allowed, spaces included; no composition rules.
* Refused: passwords on a list of commonly used ones (also with a digit run or a year added),
  passwords made of one repeated
  character or one keyboard/alphabet/digit run, and passwords built from the user name, the
  display name or the name of the service.

The common-password list is the ``passwords`` frequency list of the ``zxcvbn`` package
(Dropbox's zxcvbn, maintained Python port on PyPI; the list is the 30,000 most frequent
passwords of Mark Burnett's 10-million-password corpus, Xato 2015), so it is updated with
the package rather than copied into this repository.
"""

from __future__ import annotations

import re
from functools import cache

from coach.store.enums import Role
from coach.store.errors import InvalidInputError

#: Shortest password for staff accounts (therapists, admins).
MIN_STAFF_LENGTH = 12
#: Shortest password for patients (NIST's floor for a memorized secret).
MIN_PATIENT_LENGTH = 8
#: Longest password accepted (NIST asks to allow at least 64; this bounds hashing time).
MAX_LENGTH = 1024

_SERVICE_WORDS = ("coach",)
_RUNS = (
    "abcdefghijklmnopqrstuvwxyz",
    "0123456789",
    "qwertyuiopasdfghjklzxcvbnm",
    "1234567890",
)


@cache
def common_passwords() -> frozenset[str]:
    """The lower-cased common-password list (zxcvbn's ``passwords`` frequency list)."""
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(word.lower() for word in FREQUENCY_LISTS["passwords"])


def min_length(role: Role) -> int:
    """The shortest password accepted for an account of ``role``."""
    return MIN_PATIENT_LENGTH if role is Role.PATIENT else MIN_STAFF_LENGTH


def _letters_and_digits(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.lower())


def _is_run(squashed: str) -> bool:
    if len(set(squashed)) <= 1:
        return True
    for run in _RUNS:
        for source in (run, run[::-1]):
            if squashed in source or squashed in source * 2:
                return True
    return False


def _is_common_with_digits(squashed: str) -> bool:
    """A common password as it is, or with digits that add nothing: a run ('123456') or up to
    four digits (a year) before or after it ('password123456', '2024monkey')."""
    common = common_passwords()
    if squashed in common:
        return True
    match = re.fullmatch(r"(\d*)([a-z]+)(\d*)", squashed)
    if match is None:
        return False
    digits = match.group(1) + match.group(3)
    trivial = len(digits) <= 4 or _is_run(digits)
    return trivial and match.group(2) in common


def _is_built_from_names(squashed: str, names: list[str]) -> bool:
    """True when the password holds one of ``names`` and what is left once the names and the
    digits are taken out is short (under 6 letters) or itself a common password."""
    rest = squashed
    for name in names:
        own = _letters_and_digits(name)
        if len(own) >= 3:
            rest = rest.replace(own, "")
    if rest == squashed:
        return False
    letters = re.sub(r"\d+", "", rest)
    return len(letters) < 6 or letters in common_passwords()


def check_new_password(
    password: str, *, role: Role, username: str, display_name: str = ""
) -> None:
    """Refuse a new password that breaks the policy above, saying why in one line.

    Raises:
        InvalidInputError: The password is too short, too long, common, a run of one character
            or sequence, or built from the user's own names.
    """
    shortest = min_length(role)
    if len(password) < shortest:
        raise InvalidInputError(
            f"password too short: {role.value} accounts need at least {shortest} characters, "
            f"got {len(password)}"
        )
    if len(password) > MAX_LENGTH:
        raise InvalidInputError(f"password too long: at most {MAX_LENGTH} characters")
    squashed = _letters_and_digits(password)
    if not password.strip() or not squashed or _is_run(squashed):
        raise InvalidInputError(
            "password refused: it is one character repeated or a simple sequence; "
            "choose a few unrelated words instead"
        )
    if password.lower() in common_passwords() or _is_common_with_digits(squashed):
        raise InvalidInputError(
            "password refused: it is on a list of commonly used passwords; "
            "choose a few unrelated words instead"
        )
    if _is_built_from_names(squashed, [username, *display_name.split(), *_SERVICE_WORDS]):
        raise InvalidInputError(
            "password refused: it is built from your own name or the service's name; "
            "choose a few unrelated words instead"
        )
