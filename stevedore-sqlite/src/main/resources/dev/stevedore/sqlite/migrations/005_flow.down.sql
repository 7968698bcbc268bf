DROP TABLE breaker_slots;
DROP TABLE breakers;
DROP TABLE limit_blocks;
DROP TABLE limit_waits;
DROP TABLE limit_slots;
DROP TABLE limit_holds;
