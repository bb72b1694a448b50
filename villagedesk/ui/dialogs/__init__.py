"""Modal dialogs and the field sets they share: case actions, enrolment, import, confirmations, files."""
