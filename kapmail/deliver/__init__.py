"""What leaves kapmail: .eml messages, export packages, the send plan as table and calendar."""
