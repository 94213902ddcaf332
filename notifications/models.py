"""Reminders and notifications sent by Celery (checkpoint reminders, escalations).

Their models arrive with the reminders issue; exactly-once delivery will rest on a
unique constraint, not on the broker.
"""
