"""Vietnam-time dates: parse front-matter strings, format without the system locale.

These machines have no vi_VN locale, so formatting goes through Babel's CLDR data.
"""
import functools
import re
from datetime import date, datetime, timedelta, timezone

from babel.dates import format_date

from bantin.core.i18n import _

# Vietnam has kept UTC+7 with no daylight saving since 1975; a fixed offset
# avoids depending on the machine's tz database.
VN_TZ = timezone(timedelta(hours=7), "ICT")

_DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}))?$", re.ASCII)


def parse_date(value):
    """Parse ``YYYY-MM-DD HH:MM`` or ``YYYY-MM-DD`` as Vietnam time; ValueError if not.

    Example: parse_date("2022-06-03 10:32").isoformat() == "2022-06-03T10:32:00+07:00"
    """
    match = _DATE_RE.match(str(value).strip())
    if not match:
        raise ValueError(_("expected YYYY-MM-DD HH:MM or YYYY-MM-DD"))
    year, month, day, hour, minute = (int(g) if g else 0 for g in match.groups())
    try:
        return datetime(year, month, day, hour, minute, tzinfo=VN_TZ)
    except ValueError as exc:  # 2022-02-31, 25:00 …
        raise ValueError(_("is not a valid date")) from exc


def example_date(value):
    """For a date of the right shape that does not exist: (it as Vietnamese write it, the
    nearest real date as it should be written); None for any other text.

    Example: example_date("2022-02-31 09:00") == ("31/02/2022 09:00", "2022-02-28 09:00")
    """
    match = _DATE_RE.match(str(value).strip())
    if not match:
        return None
    year, month, day, hour, minute = (int(g) if g else 0 for g in match.groups())
    shown = f"{day:02d}/{month:02d}/{year:04d}"
    shown += f" {hour:02d}:{minute:02d}" if match.group(4) else ""
    month_ok = min(max(month, 1), 12)
    if not 1 <= year <= 9998:  # no such year for Python (and no nearer one to suggest)
        return None
    next_month = date(year + month_ok // 12, month_ok % 12 + 1, 1)
    last_day = (next_month - timedelta(days=1)).day
    near = date(year, month_ok, min(max(day, 1), last_day)).isoformat()
    near += f" {min(hour, 23):02d}:{min(minute, 59):02d}" if match.group(4) else ""
    return shown, near


def now_vn():
    """The current time in Vietnam, to the minute."""
    return datetime.now(VN_TZ).replace(second=0, microsecond=0)


def weekday_date(value):
    """Weekday and date as Vietnamese readers write it.

    Example: weekday_date(datetime(2022, 6, 3)) == "Thứ Sáu, 03/06/2022"
    """
    return _weekday_date(value.date() if isinstance(value, datetime) else value)


@functools.lru_cache(maxsize=16384)
def _weekday_date(day: date):
    # Babel takes ~65 µs a call, and a big site's listings show each day many times.
    return format_date(day, "EEEE, dd/MM/yyyy", locale="vi")


def short_date(value):
    """Example: short_date(datetime(2022, 6, 3)) == "03/06/2022" """
    return value.strftime("%d/%m/%Y")


def month_year(value):
    """Example: month_year(datetime(2022, 6, 3)) == "Tháng 6 năm 2022" """
    return f"Tháng {value.month} năm {value.year}"


def weekday_datetime(value):
    """Weekday, date and (when set) time: the theme's and the search results' date.

    Example: weekday_datetime(datetime(2022, 6, 3, 10, 32)) == "Thứ Sáu, 03/06/2022 10:32"
    """
    text = weekday_date(value)
    if value.hour or value.minute:
        text += value.strftime(" %H:%M")
    return text
