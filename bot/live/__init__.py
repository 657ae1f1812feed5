"""Election night: an election in progress, declarations, milestones, replays and announcements."""
