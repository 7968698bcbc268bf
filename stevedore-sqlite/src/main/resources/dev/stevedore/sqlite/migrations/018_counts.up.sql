-- Stevedore schema, version 18: held jobs counted through an index of their own, as the other unfinished
-- states are (queue_counts). Held jobs are few and leave that state only through an operator, so this
-- index costs the hot path nothing.
CREATE INDEX jobs_held_idx ON jobs (queue, id) WHERE state = 'held';
