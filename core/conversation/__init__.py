"""The LINE conversation: a pure state machine (`advance`) and the service that runs it."""
