-- Reverts version 9: statistics roll-ups.
DROP TABLE IF EXISTS stats;
