"""Pure domain: lifecycle, events, clocks, deadlines, validators. Knows no Qt, SQL or HTTP."""
