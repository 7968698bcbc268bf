DROP TABLE {schema}.breaker_slots;
DROP TABLE {schema}.breakers;
DROP TABLE {schema}.limit_blocks;
DROP TABLE {schema}.limit_waits;
DROP TABLE {schema}.limit_slots;
DROP TABLE {schema}.limit_holds;
